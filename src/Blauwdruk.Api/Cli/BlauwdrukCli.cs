using System.CommandLine;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;

namespace Blauwdruk.Api.Cli;

/// <summary>
/// The host's verbs for pathway authors and operators:
/// <c>dotnet run --project src/Blauwdruk.Api -- &lt;verb&gt; …</c>. Without a verb the host serves.
/// </summary>
internal static class BlauwdrukCli
{
    private static readonly string[] Verbs = ["validate", "diff", "recheck", "simulate", "export-fhir", "render", "token", "migrate", "verify", "audit", ValidateFhirCommand.Verb, "--help", "-h", "-?"];

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty();

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Blauwdruk: het standaard zorgpad voor kwetsbare zwangeren, uitvoerbaar. Zonder opdracht start de server.")
        {
            Validate(),
            Diff(),
            Recheck(),
            Simulate(),
            ExportFhir(),
            Render(),
            Token(),
            Migrate(),
            Verify(),
            Audit(),
            ValidateFhirCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }

    private static Command Validate()
    {
        var files = new Argument<FileInfo[]>("pathway-file") { Description = "Een of meer zorgpaden of overlays van regio's (YAML).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Controleer zorgpaden en overlays; exitcode 0 als alles geldig is.") { files };
        command.SetAction(parse =>
        {
            var allValid = true;
            foreach (var file in parse.GetValue(files)!)
            {
                var read = ReadAny(file);
                if (read.Definition is { } definition)
                {
                    var summary = definition.DerivesFrom is { } template
                        ? $"operationeel zorgpad {definition.Id} {definition.Version} (afgeleid van {template.Template} {template.Version}), {definition.Steps.Count} stappen, {definition.Municipalities.Count} gemeenten, {definition.Organisations.Count} organisaties"
                        : $"{definition.Id} {definition.Version}, {definition.Steps.Count} stappen, {definition.Roles.Count} rollen";
                    Console.WriteLine($"{file}: geldig — {summary}; inhoudshash {PathwayFingerprint.Of(definition)[..12]}.");
                    continue;
                }

                allValid = false;
                PrintErrors(file, read.Errors);
            }

            return allValid ? 0 : 1;
        });
        return command;
    }

    private static Command Diff()
    {
        var file = new Argument<FileInfo>("overlay-file") { Description = "De overlay van een regio (YAML)." };
        var format = new Option<string>("--format", "-f") { Description = "text of json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("diff", "Toon per stap wat het operationele zorgpad verandert ten opzichte van de standaard.") { file, format };
        command.SetAction(parse =>
        {
            var overlayFile = parse.GetValue(file)!;
            var read = ReadAny(overlayFile);
            if (read.Definition is not { DerivesFrom: not null } operational || read.Template is null)
            {
                PrintErrors(overlayFile, read.Errors.Count > 0 ? read.Errors : [new PathwayError(overlayFile.ToString(), 1, 1, "Dit is geen overlay van een regio: 'diff' vergelijkt een overlay met haar standaard.")]);
                return 1;
            }

            var diff = PathwayDiff.Compare(read.Template, operational);
            Console.Out.Write(parse.GetValue(format) == "json" ? JsonSerializer.Serialize(diff, ReportJson) + Environment.NewLine : diff.ToText());
            return 0;
        });
        return command;
    }

    private static Command Recheck()
    {
        var file = new Argument<FileInfo>("template-file") { Description = "De nieuwe versie van de standaard (YAML)." };
        var regions = new Option<DirectoryInfo?>("--regions") { Description = "De map met overlays; standaard ../regio naast de standaard." };
        var command = new Command("recheck", "Controleer de overlay van elke regio tegen een nieuwe versie van de standaard: wat moet elke regio nalopen?") { file, regions };
        command.SetAction(parse =>
        {
            var templateFile = parse.GetValue(file)!;
            var template = templateFile.Exists ? PathwayReader.ReadFile(templateFile.FullName, templateFile.ToString()) : null;
            if (template is not { IsValid: true })
            {
                PrintErrors(templateFile, template?.Errors ?? [new PathwayError(templateFile.ToString(), 1, 1, "bestand niet gevonden.")]);
                return 1;
            }

            var directory = parse.GetValue(regions)?.FullName ?? Path.Combine(templateFile.DirectoryName!, "..", "regio");
            var overlays = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(path => OverlayReader.ReadFile(path, Path.GetRelativePath(Environment.CurrentDirectory, path))).ToList()
                : [];
            var impacts = OperationalPathways.Recheck(template, overlays);
            foreach (var impact in impacts)
            {
                Console.WriteLine(impact.StillValid
                    ? $"{impact.Region}: blijft geldig op {template.Definition!.Id} {impact.ToVersion} (nu op {impact.FromVersion}); alleen 'template.version' aanpassen."
                    : $"{impact.Region}: moet worden nagelopen voor {template.Definition!.Id} {impact.ToVersion} ({impact.Errors.Count} punt(en)):");
                foreach (var error in impact.Errors)
                {
                    Console.WriteLine($"  {error}");
                }
            }

            return impacts.All(i => i.StillValid) ? 0 : 1;
        });
        return command;
    }

    private static Command Simulate()
    {
        var pathway = new Argument<FileInfo>("pathway-file") { Description = "Het zorgpad of de overlay van een regio (YAML)." };
        var scenario = new Argument<FileInfo>("scenario-file") { Description = "Het scenario (YAML): wie doet wat, wanneer, met welke verwachtingen." };
        var command = new Command("simulate", "Speel een scenario door het zorgpad, zonder database, en toon de tijdlijn; exitcode 1 als een verwachting niet uitkomt.") { pathway, scenario };
        command.SetAction(parse =>
        {
            var scenarioFile = parse.GetValue(scenario)!;
            var scenarioRead = scenarioFile.Exists ? ScenarioReader.ReadFile(scenarioFile.FullName, scenarioFile.ToString()) : null;
            if (scenarioRead?.Scenario is not { } script)
            {
                PrintErrors(scenarioFile, scenarioRead?.Errors ?? [new PathwayError(scenarioFile.ToString(), 1, 1, "bestand niet gevonden.")]);
                return 1;
            }

            return WithValidPathway(parse.GetValue(pathway)!, (definition, template) =>
            {
                // On a region's overlay a scenario of the standard adapts to the region, as in the Designer.
                var result = ScenarioRunner.Run(script, definition, template);
                Console.WriteLine($"Scenario: {result.Title} — {definition.Id} {definition.Version}");
                foreach (var entry in result.Timeline)
                {
                    Console.WriteLine($"{Timeline.Local(entry.At)}  {entry.Text}");
                }

                foreach (var adaptation in result.Adaptations)
                {
                    Console.WriteLine($"Aangepast aan de regio: {adaptation}");
                }

                if (result.NotApplicable is { } notApplicable)
                {
                    Console.WriteLine($"Niet getoetst: {notApplicable}");
                }

                foreach (var failure in result.Failures)
                {
                    Console.Error.WriteLine(failure);
                }

                if (!result.ReplayMatches)
                {
                    Console.Error.WriteLine("Het journaal levert bij opnieuw afspelen niet dezelfde toestand op.");
                }

                Console.WriteLine(result.Passed ? "Alle verwachtingen kwamen uit." : $"{result.Failures.Count} verwachting(en) niet uitgekomen.");
                return result.Passed ? 0 : 1;
            });
        });
        return command;
    }

    private static Command ExportFhir()
    {
        var file = new Argument<FileInfo>("pathway-file") { Description = "Het zorgpadbestand (YAML)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Schrijf naar dit bestand in plaats van naar de uitvoer." };
        var command = new Command("export-fhir", "Schrijf het zorgpad als FHIR R4-Bundle: PlanDefinitions, ActivityDefinitions en Questionnaires (JSON).") { file, output };
        command.SetAction(parse => WithValidPathway(parse.GetValue(file)!, definition =>
            Write(JsonSerializer.Serialize(PlanDefinitionExport.ToBundle(definition), FhirJson), parse.GetValue(output))));
        return command;
    }

    private static Command Render()
    {
        var file = new Argument<FileInfo>("pathway-file") { Description = "Het zorgpadbestand (YAML)." };
        var format = new Option<string>("--format", "-f") { Description = "mermaid of svg.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "svg");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Schrijf naar dit bestand in plaats van naar de uitvoer." };
        var command = new Command("render", "Teken het zorgpad als stroomschema (Mermaid of SVG).") { file, format, output };
        command.SetAction(parse => WithValidPathway(parse.GetValue(file)!, definition =>
            Write(parse.GetValue(format) == "svg" ? PathwayRendering.ToSvg(definition) : PathwayRendering.ToMermaid(definition), parse.GetValue(output))));
        return command;
    }

    /// <summary>Runs <paramref name="action"/> on a valid pathway or operational pathway; prints the errors and fails otherwise.</summary>
    private static int WithValidPathway(FileInfo file, Action<PathwayDefinition> action) =>
        WithValidPathway(file, (definition, _) =>
        {
            action(definition);
            return 0;
        });

    /// <summary>As above, with the template an overlay derives from (null for a template), and the action's exit code.</summary>
    private static int WithValidPathway(FileInfo file, Func<PathwayDefinition, PathwayDefinition?, int> action)
    {
        var read = ReadAny(file);
        if (read.Definition is null)
        {
            PrintErrors(file, read.Errors);
            return 1;
        }

        return action(read.Definition, read.Template);
    }

    private sealed record AnyPathway(PathwayDefinition? Definition, IReadOnlyList<PathwayError> Errors, PathwayDefinition? Template);

    /// <summary>
    /// A template, or a region's overlay merged with its template. Templates for an overlay come from
    /// <c>../blauwdruk/</c> next to its folder (the repository layout), else from the host's pathways.
    /// </summary>
    private static AnyPathway ReadAny(FileInfo file)
    {
        if (!file.Exists)
        {
            return new AnyPathway(null, [new PathwayError(file.ToString(), 1, 1, "bestand niet gevonden.")], null);
        }

        if (!OverlayReader.IsOverlay(File.ReadAllText(file.FullName)))
        {
            var result = PathwayReader.ReadFile(file.FullName, file.ToString());
            return new AnyPathway(result.IsValid ? result.Definition : null, result.Errors, null);
        }

        var sibling = Path.GetFullPath(Path.Combine(file.DirectoryName!, "..", "blauwdruk"));
        var templates = OperationalPathways.ReadTemplates(
            Directory.Exists(sibling) ? sibling : Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk"),
            Environment.CurrentDirectory);
        var merged = OperationalPathways.ReadFile(file.FullName, templates, file.ToString());
        var template = merged.Definition?.DerivesFrom is { } reference
            ? templates.Select(t => t.Definition).FirstOrDefault(t => t?.Id == reference.Template && t.Version == reference.Version)
            : null;
        return new AnyPathway(merged.IsValid ? merged.Definition : null, merged.Errors, template);
    }

    private static void PrintErrors(FileInfo file, IReadOnlyList<PathwayError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }

        Console.Error.WriteLine($"{file}: {errors.Count} fout(en); eerst herstellen.");
    }

    private static void Write(string content, FileInfo? output)
    {
        if (output is null)
        {
            Console.Out.Write(content);
            return;
        }

        File.WriteAllText(output.FullName, content);
        Console.Error.WriteLine($"Geschreven: {output}");
    }

    private static Command Token()
    {
        var user = new Argument<string?>("demo-user") { Description = "De demogebruiker of democliënt, bijvoorbeeld verloskundige-maas of client-yasmina.", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "Toon de demogebruikers met rol, organisatie en regio, en de democliënten." };
        var command = new Command("token", "Druk een bearer-token af voor een demogebruiker of democliënt (alleen in Development).") { user, list };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list))
            {
                foreach (var demo in DemoUsers.All)
                {
                    Console.WriteLine($"{demo.Id,-28} {demo.Role,-22} {demo.OrganisationId,-14} {demo.OrganisationName,-48} {demo.Region}");
                }

                foreach (var client in DemoClients.All)
                {
                    Console.WriteLine($"{client.Id,-28} {"cliënt (DigiD)",-22} {"",-14} {client.Name,-48} {client.Situation}");
                }

                return 0;
            }

            var id = parse.GetValue(user);
            var demoUser = id is null ? null : DemoUsers.Find(id);
            var demoClient = id is null ? null : DemoClients.Find(id);
            if (demoUser is null && demoClient is null)
            {
                Console.Error.WriteLine($"Onbekende demogebruiker '{id}'. Zie 'token --list'.");
                return 1;
            }

            var host = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            var options = host.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            try
            {
                var tokens = DevelopmentTokens.Create(options, host.Environment);
                Console.WriteLine(demoUser is not null ? tokens.Mint(demoUser, TimeProvider.System.GetUtcNow()) : tokens.Mint(demoClient!, TimeProvider.System.GetUtcNow()));
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Bouw elk traject opnieuw op uit het journaal en vergelijk met de opgeslagen toestand; exitcode 1 bij een verschil.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = BuildEngineHost();
            await using var scope = app.Services.CreateAsyncScope();
            var (count, mismatches) = await scope.ServiceProvider.GetRequiredService<JournalVerification>().VerifyAsync(cancellationToken);
            foreach (var mismatch in mismatches)
            {
                Console.Error.WriteLine($"Traject {mismatch.InstanceId} wijkt af van zijn journaal:");
                foreach (var difference in mismatch.Differences)
                {
                    Console.Error.WriteLine($"  {difference}");
                }
            }

            Console.WriteLine($"{count} trajecten gecontroleerd, {mismatches.Count} met afwijkingen.");
            return mismatches.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Audit()
    {
        var anchor = new Option<string?>("--anchor")
        {
            Description = "Een eerder genoteerde kop (positie:hash): faalt als die regel ontbreekt of anders is, ook als het log aan het eind is ingekort.",
        };
        var verify = new Command("verify", "Controleer de hashketen van het toegangslog en noem de eerste gebroken regel; exitcode 1 als de keten niet klopt.") { anchor };
        verify.SetAction(async (parsed, cancellationToken) =>
        {
            var text = parsed.GetValue(anchor);
            var expected = Engine.Audit.AccessLogAnchor.Parse(text);
            if (text is not null && expected is null)
            {
                Console.Error.WriteLine($"--anchor '{text}' is geen kop: gebruik positie:hash, zoals 'audit verify' die als kop noemt.");
                return 2;
            }

            using var app = BuildEngineHost();
            await using var scope = app.Services.CreateAsyncScope();
            var check = await scope.ServiceProvider.GetRequiredService<Engine.Audit.AccessLogVerification>().VerifyAsync(cancellationToken, expected);
            if (!check.Intact)
            {
                Console.Error.WriteLine(check.FirstBrokenId is { } id ? $"Toegangslog gebroken bij regel {id}: {check.Problem}." : $"Toegangslog gebroken: {check.Problem}.");
            }

            Console.WriteLine($"{check.Sealed} regels in de keten gecontroleerd{(check.Intact ? ", intact" : "")}; {check.Unsealed} nog niet verzegeld.");
            if (check.Intact && check.Head is { } head)
            {
                Console.WriteLine($"Kop: {head} (bewaar deze buiten de database en controleer later met --anchor).");
            }

            return check.Intact ? 0 : 1;
        });
        var command = new Command("audit", "Het toegangslog (NEN 7513).");
        command.Subcommands.Add(verify);
        return command;
    }

    /// <summary>A host with the engine and its database, configured as the product is, for the verbs that work on the database.</summary>
    private static WebApplication BuildEngineHost()
    {
        var host = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        host.Services.AddBlauwdrukEngine();
        return host.Build();
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Maak of werk het databaseschema bij (Storage:Provider, ConnectionStrings:Blauwdruk) en stop.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = BuildEngineHost();
            await app.Services.MigrateBlauwdrukDatabaseAsync(cancellationToken);
            Console.WriteLine("Databaseschema is bijgewerkt.");
            return 0;
        });
        return command;
    }
}
