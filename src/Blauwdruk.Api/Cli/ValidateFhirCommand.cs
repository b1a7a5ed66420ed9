using System.CommandLine;
using System.Text.Json;
using Blauwdruk.Engine.Conformance;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Api.Cli;

/// <summary>
/// <c>validate-fhir &lt;file.json|file.xml&gt;…</c>: FHIR resources and document Bundles against R4 and the nl-core
/// profiles (<see cref="NlCoreValidator"/>). Prints the validator's full messages: the person running it owns the
/// files, and the output goes to their terminal, not to a log.
/// </summary>
internal static class ValidateFhirCommand
{
    public const string Verb = "validate-fhir";

    // Read only the syntax strictly: a missing required element or a wrong code is for the validator to report, with its location.
    private static readonly DeserializerSettings Lenient = new DeserializerSettings().UsingMode(DeserializationMode.SyntaxOnly);

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("fhir-file") { Description = "Een of meer FHIR-resources of document-Bundles (JSON of XML).", Arity = ArgumentArity.OneOrMore };
        var command = new Command(Verb, "Controleer FHIR-resources (ook document-Bundles) tegen R4 en de nl-core-profielen; exitcode 0 als er geen fouten zijn.") { files };
        command.SetAction(parse =>
        {
            var validator = NlCoreValidator.Create();
            var failed = false;
            foreach (var file in parse.GetValue(files)!)
            {
                if (Read(file, out var problem) is not { } resource)
                {
                    Console.Error.WriteLine($"{file}: {problem}");
                    failed = true;
                    continue;
                }

                var outcome = resource is Bundle { Type: Bundle.BundleType.Document } document
                    ? validator.ValidateDocument(document)
                    : validator.Validate(resource);
                foreach (var issue in outcome.Issue)
                {
                    Console.WriteLine($"{file}: {issue.Severity?.ToString().ToLowerInvariant()} {NlCoreValidator.Location(issue)}: {issue.Details?.Text ?? issue.Diagnostics}");
                }

                var errors = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
                var warnings = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Warning);
                Console.WriteLine($"{file}: {resource.TypeName}, {errors} fout(en), {warnings} waarschuwing(en){(errors == 0 ? " — geldig" : "")}.");
                failed |= errors > 0;
            }

            return failed ? 1 : 0;
        });
        return command;
    }

    private static Resource? Read(FileInfo file, out string problem)
    {
        problem = "";
        if (!file.Exists)
        {
            problem = "bestand niet gevonden.";
            return null;
        }

        try
        {
            var text = File.ReadAllText(file.FullName);
            return text.TrimStart().StartsWith('<')
                ? new FhirXmlDeserializer(Lenient).DeserializeResource(text)
                : new FhirJsonDeserializer(Lenient).DeserializeResource(text);
        }
        catch (Exception ex) when (ex is DeserializationFailedException or JsonException or System.Xml.XmlException)
        {
            problem = $"geen leesbare FHIR-resource: {ex.Message}";
            return null;
        }
    }
}
