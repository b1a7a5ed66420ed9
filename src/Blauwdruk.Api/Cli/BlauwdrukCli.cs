using System.CommandLine;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;

namespace Blauwdruk.Api.Cli;

/// <summary>
/// The host's verbs for pathway authors and operators:
/// <c>dotnet run --project src/Blauwdruk.Api -- &lt;verb&gt; …</c>. Without a verb the host serves.
/// </summary>
internal static class BlauwdrukCli
{
    private static readonly string[] Verbs = ["validate", "export-fhir", "render", "token", "migrate", "--help", "-h", "-?"];

    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty();

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Blauwdruk: het standaard zorgpad voor kwetsbare zwangeren, uitvoerbaar. Zonder opdracht start de server.")
        {
            Validate(),
            ExportFhir(),
            Render(),
            Token(),
            Migrate(),
        };
        return root.Parse(args).InvokeAsync();
    }

    private static Command Validate()
    {
        var files = new Argument<FileInfo[]>("pathway-file") { Description = "Een of meer zorgpadbestanden (YAML).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Controleer zorgpadbestanden; exitcode 0 als alle bestanden geldig zijn.") { files };
        command.SetAction(parse =>
        {
            var allValid = true;
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    Console.Error.WriteLine($"{file}: bestand niet gevonden.");
                    allValid = false;
                    continue;
                }

                var result = PathwayReader.ReadFile(file.FullName, file.ToString());
                if (result.IsValid)
                {
                    var definition = result.Definition!;
                    Console.WriteLine($"{file}: geldig — {definition.Id} {definition.Version}, {definition.Steps.Count} stappen, {definition.Roles.Count} rollen.");
                    continue;
                }

                allValid = false;
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                Console.Error.WriteLine($"{file}: {result.Errors.Count} fout(en).");
            }

            return allValid ? 0 : 1;
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

    /// <summary>Runs <paramref name="action"/> on a valid pathway; prints the errors and fails otherwise.</summary>
    private static int WithValidPathway(FileInfo file, Action<PathwayDefinition> action)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file}: bestand niet gevonden.");
            return 1;
        }

        var result = PathwayReader.ReadFile(file.FullName, file.ToString());
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine($"{file}: {result.Errors.Count} fout(en); eerst herstellen.");
            return 1;
        }

        action(result.Definition!);
        return 0;
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
        var user = new Argument<string?>("demo-user") { Description = "De demogebruiker, bijvoorbeeld verloskundige-maas.", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "Toon de demogebruikers met rol, organisatie en regio." };
        var command = new Command("token", "Druk een bearer-token af voor een demogebruiker (alleen in Development).") { user, list };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list))
            {
                foreach (var demo in DemoUsers.All)
                {
                    Console.WriteLine($"{demo.Id,-28} {demo.Role,-22} {demo.OrganisationId,-14} {demo.OrganisationName,-48} {demo.Region}");
                }

                return 0;
            }

            var id = parse.GetValue(user);
            if (id is null || DemoUsers.Find(id) is not { } demoUser)
            {
                Console.Error.WriteLine($"Onbekende demogebruiker '{id}'. Zie 'token --list'.");
                return 1;
            }

            var host = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            var options = host.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            try
            {
                Console.WriteLine(DevelopmentTokens.Create(options, host.Environment).Mint(demoUser, TimeProvider.System.GetUtcNow()));
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

    private static Command Migrate()
    {
        var command = new Command("migrate", "Maak of werk het databaseschema bij (Storage:Provider, ConnectionStrings:Blauwdruk) en stop.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var host = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            host.Services.AddBlauwdrukEngine();
            using var app = host.Build();
            await app.Services.MigrateBlauwdrukDatabaseAsync(cancellationToken);
            Console.WriteLine("Databaseschema is bijgewerkt.");
            return 0;
        });
        return command;
    }
}
