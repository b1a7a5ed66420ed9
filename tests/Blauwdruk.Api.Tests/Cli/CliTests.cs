using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Hl7.Fhir.Serialization;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Cli;

/// <summary>The host's verbs, run as a user runs them: the real program in a process of its own.</summary>
public class CliTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static Task<Run> Blauwdruk(string environment, params string[] args) =>
        Blauwdruk(environment, new Dictionary<string, string>(), args);

    private static async Task<Run> Blauwdruk(string environment, Dictionary<string, string> variables, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["DOTNET_ENVIRONMENT"] = environment },
        };
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Blauwdruk.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Validate_accepts_the_standard()
    {
        var run = await Blauwdruk("Development", "validate", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("geldig — blauwdruk 1.3.0, 56 stappen, 11 rollen; inhoudshash ", run.Output);
    }

    [Fact]
    public async Task Validate_names_file_line_and_problem_and_fails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kapot-{Guid.NewGuid():N}.yaml");
        var standard = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk", "blauwdruk.yaml"));
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "questionnaires"));
        foreach (var questionnaire in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk", "questionnaires")))
        {
            File.Copy(questionnaire, Path.Combine(Path.GetTempPath(), "questionnaires", Path.GetFileName(questionnaire)), overwrite: true);
        }
        await File.WriteAllTextAsync(file, standard.Replace("next: CAREPLAN", "next: ZORGPLAN").Replace("role: zorgcoordinator\n    involved: [verloskundige]", "role: regisseur\n    involved: [verloskundige]"));

        var run = await Blauwdruk("Development", "validate", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"{Regex.Escape(file)}:\d+:11: Stap 'MDO' verwijst naar onbekende vervolgstap 'ZORGPLAN'\.", run.Error);
        Assert.Matches($@"{Regex.Escape(file)}:\d+:11: Stap 'CAREPLAN' verwijst naar onbekende rol 'regisseur'\.", run.Error);
        Assert.Contains("Vanaf stap 'MDO' is geen eindstap te bereiken.", run.Error);
        Assert.Contains(": 3 fout(en); eerst herstellen.", run.Error);
    }

    [Fact]
    public async Task Validate_fails_on_a_missing_file()
    {
        var run = await Blauwdruk("Development", "validate", "bestaat-niet.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bestaat-niet.yaml:1:1: bestand niet gevonden.", run.Error);
    }

    [Fact]
    public async Task Token_list_shows_every_demo_user_with_role_organisation_and_region()
    {
        var run = await Blauwdruk("Development", "token", "--list");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"verloskundige-maas\s+verloskundige\s+ura:90000101\s+Verloskundigenpraktijk De Maas\s+rijnmond-zuid", run.Output);
        Assert.Matches(@"jgz-drechtsteden\s+jgz-verpleegkundige\s+ura:90000202", run.Output);
    }

    [Fact]
    public async Task Token_is_refused_outside_development()
    {
        var run = await Blauwdruk("Production", "token", "verloskundige-maas");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("Demo tokens exist only in the Development environment; this host runs as 'Production'.", run.Error);
    }

    [Fact]
    public async Task A_token_from_the_cli_is_accepted_by_a_development_host()
    {
        var run = await Blauwdruk("Development", "token", "verloskundige-maas");
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", run.Output.Trim());

        var response = await client.GetAsync("/api/tasks");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_stops()
    {
        var database = Path.Combine(Path.GetTempPath(), $"blauwdruk-migrate-{Guid.NewGuid():N}", "blauwdruk.db");

        var variables = new Dictionary<string, string> { ["ConnectionStrings__Blauwdruk"] = $"Data Source={database}" };
        var run = await Blauwdruk("Production", variables, "migrate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Databaseschema is bijgewerkt.", run.Output);
        Assert.True(File.Exists(database));
    }

    [Fact]
    public async Task Export_fhir_writes_a_bundle_firely_reads_back()
    {
        var run = await Blauwdruk("Development", "export-fhir", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"));

        Assert.Equal(0, run.ExitCode);
        var bundle = System.Text.Json.JsonSerializer.Deserialize<Hl7.Fhir.Model.Bundle>(run.Output,
            new System.Text.Json.JsonSerializerOptions().ForFhir(Hl7.Fhir.Model.ModelInfo.ModelInspector))!;
        Assert.Contains(bundle.Entry, e => e.FullUrl == "https://fhir.blauwdruk.nl/PlanDefinition/blauwdruk-meldcode");
    }

    [Fact]
    public async Task Render_draws_svg_and_mermaid_to_a_file()
    {
        var output = Path.Combine(Path.GetTempPath(), $"blauwdruk-{Guid.NewGuid():N}.svg");

        var svg = await Blauwdruk("Development", "render", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"), "--format", "svg", "--output", output);
        var mermaid = await Blauwdruk("Development", "render", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"));

        Assert.Equal(0, svg.ExitCode);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(output));
        Assert.Equal(0, mermaid.ExitCode);
        Assert.StartsWith("flowchart TD", mermaid.Output);
    }

    [Fact]
    public async Task Render_refuses_an_unknown_format_and_an_invalid_pathway()
    {
        var file = Path.Combine(Path.GetTempPath(), $"leeg-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "id: leeg\n");

        var format = await Blauwdruk("Development", "render", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"), "--format", "png");
        var invalid = await Blauwdruk("Development", "render", file);

        Assert.NotEqual(0, format.ExitCode);
        Assert.Contains("png", format.Error);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("Verplicht veld 'version' ontbreekt bij het zorgpad.", invalid.Error);
        Assert.Contains("eerst herstellen", invalid.Error);
    }

    [Fact]
    public async Task Validate_and_diff_work_on_both_example_regions()
    {
        var validate = await Blauwdruk("Development", "validate", Path.Combine("pathways", "regio", "rijnmond-zuid.yaml"), Path.Combine("pathways", "regio", "drechtsteden.yaml"));
        var diff = await Blauwdruk("Development", "diff", Path.Combine("pathways", "regio", "drechtsteden.yaml"));
        var json = await Blauwdruk("Development", "diff", Path.Combine("pathways", "regio", "rijnmond-zuid.yaml"), "--format", "json");

        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("geldig — operationeel zorgpad rijnmond-zuid 1.4.0 (afgeleid van blauwdruk 1.3.0), 57 stappen, 3 gemeenten, 9 organisaties", validate.Output);
        Assert.Contains("geldig — operationeel zorgpad drechtsteden 1.3.0 (afgeleid van blauwdruk 1.3.0), 56 stappen, 7 gemeenten, 7 organisaties", validate.Output);
        Assert.Equal(0, diff.ExitCode);
        Assert.Contains("- BIRTHPLAN  Geboorteplan met afspraken over kinderarts en kraamperiode  (uitgeschakeld)", diff.Output);
        Assert.Equal(0, json.ExitCode);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        Assert.Contains(document.RootElement.GetProperty("changes").EnumerateArray(),
            c => c.GetProperty("stepId").GetString() == "CAREPLAN_POP" && c.GetProperty("kind").GetString() == "added");
    }

    [Fact]
    public async Task Validate_names_the_overlay_line_of_a_forbidden_change()
    {
        // A copy of the repository layout, so the broken overlay never sits beside the hosts' own pathways.
        var root = Path.Combine(Path.GetTempPath(), $"blauwdruk-paden-{Guid.NewGuid():N}");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk"), Path.Combine(root, "blauwdruk"));
        Directory.CreateDirectory(Path.Combine(root, "regio"));
        var file = Path.Combine(root, "regio", "kapot.yaml");
        var overlay = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "pathways", "regio", "rijnmond-zuid.yaml"));
        await File.WriteAllTextAsync(file, overlay.Replace("steps:\n  add:", "steps:\n  remove: [CONSENT]\n  add:", StringComparison.Ordinal));

        var run = await Blauwdruk("Development", "validate", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"kapot\.yaml:\d+:12: Stap 'CONSENT' \(Toestemming voor gegevensdeling vastleggen, per ontvanger en doel\) mag niet worden uitgeschakeld: Geen gegevensdeling zonder vastgelegde toestemming \(beroepsgeheim, AVG\)\.", run.Error);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Recheck_tells_each_region_whether_it_stays_valid()
    {
        var run = await Blauwdruk("Development", "recheck", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("drechtsteden: blijft geldig op blauwdruk 1.3.0 (nu op 1.3.0)", run.Output);
        Assert.Contains("rijnmond-zuid: blijft geldig op blauwdruk 1.3.0 (nu op 1.3.0)", run.Output);
    }

    [Fact]
    public async Task Simulate_plays_a_scenario_and_fails_on_a_wrong_expectation()
    {
        var good = await Blauwdruk("Development", "simulate", Path.Combine("pathways", "blauwdruk", "blauwdruk.yaml"), Path.Combine("pathways", "blauwdruk", "scenarios", "meldcode.yaml"));
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "title: Verkeerd\nstart: { at: 2026-03-02T09:00:00+01:00, municipality: GM0505 }\nsteps:\n  - expect: { open: [BIRTH] }\n");
        var bad = await Blauwdruk("Development", "simulate", Path.Combine("pathways", "regio", "drechtsteden.yaml"), file);

        Assert.Equal(0, good.ExitCode);
        Assert.Contains("termijn verstreken: Terugkoppeling van Veilig Thuis", good.Output);
        Assert.Contains("Alle verwachtingen kwamen uit.", good.Output);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains(":4: verwacht open: 'Bevalling vastleggen'; open zijn: 'Intake eerste zwangerschapscontrole'", bad.Error);
        Assert.Contains("Scenario: Verkeerd — drechtsteden 1.3.0", bad.Output);
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("GM0505", "GM0599", StringComparison.Ordinal));
        var elsewhere = await Blauwdruk("Development", "simulate", Path.Combine("pathways", "regio", "drechtsteden.yaml"), file);
        // On a region's overlay a scenario naming a municipality outside the region plays in the region's first, and says so.
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("Aangepast aan de regio: Gespeeld in de gemeente Dordrecht van de regio, in plaats van GM0599.", elsewhere.Output);
    }

    [Fact]
    public async Task Verify_checks_every_instance_of_a_database_against_its_journal()
    {
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite, seedDemoData: true);
        _ = host.Services;

        var run = await Blauwdruk("Production", new Dictionary<string, string> { ["ConnectionStrings__Blauwdruk"] = host.ConnectionString }, "verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("10 trajecten gecontroleerd, 0 met afwijkingen.", run.Output);
    }

    [Fact]
    public async Task Audit_verify_passes_an_intact_log_and_names_the_first_tampered_entry()
    {
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite, seedDemoData: true);
        await host.Services.GetRequiredService<Blauwdruk.Engine.Audit.AccessLogSealer>().SealAsync(CancellationToken.None);
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Blauwdruk"] = host.ConnectionString, ["AccessLog__SealerEnabled"] = "false" };

        var intact = await Blauwdruk("Production", environment, "audit", "verify");

        Assert.Equal(0, intact.ExitCode);
        Assert.Matches(@"^[1-9][0-9]* regels in de keten gecontroleerd, intact; 0 nog niet verzegeld\.", intact.Output);
        var head = System.Text.RegularExpressions.Regex.Match(intact.Output, "Kop: ([0-9]+:[0-9a-f]{64})").Groups[1].Value;
        Assert.Equal(0, (await Blauwdruk("Production", environment, "audit", "verify", "--anchor", head)).ExitCode);

        // Removing the newest entry leaves a chain that holds; only the anchor shows it.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Database.ExecuteSqlRawAsync("DELETE FROM access_log WHERE chain_position = (SELECT MAX(chain_position) FROM access_log)");
        }

        Assert.Equal(0, (await Blauwdruk("Production", environment, "audit", "verify")).ExitCode);
        var cut = await Blauwdruk("Production", environment, "audit", "verify", "--anchor", head);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("het log is ingekort", cut.Error);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Database.ExecuteSqlRawAsync("UPDATE access_log SET outcome = 'denied' WHERE chain_position = 3");
        }

        var tampered = await Blauwdruk("Production", environment, "audit", "verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("Toegangslog gebroken bij regel", tampered.Error);
        Assert.Contains("de inhoud is gewijzigd na het verzegelen", tampered.Error);
    }

    [Fact]
    public async Task Validate_fhir_names_each_file_with_its_issues_and_fails_on_an_error()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"blauwdruk-fhir-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var organisation = Path.Combine(folder, "praktijk.json");
        await File.WriteAllTextAsync(organisation, """
            {"resourceType":"Organization","meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-HealthcareProvider-Organization"]},
             "identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/ura","value":"90000101"}],"name":"Verloskundigenpraktijk De Maas"}
            """);
        var mother = Path.Combine(folder, "moeder.json");
        await File.WriteAllTextAsync(mother, """
            {"resourceType":"Patient","meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"]},
             "name":[{"use":"official","text":"Anna Jansen","family":"Jansen","given":["Anna"]}]}
            """);
        var snapshots = Environment.GetEnvironmentVariable("BLAUWDRUK_FHIR_SNAPSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "blauwdruk-fhir-snapshots-tests");

        var run = await Blauwdruk("Development", new Dictionary<string, string> { ["BLAUWDRUK_FHIR_SNAPSHOTS"] = snapshots }, "validate-fhir", organisation, mother);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{organisation}: Organization, 0 fout(en)", run.Output);
        Assert.Matches($@"{Regex.Escape(mother)}: error Patient\.name\[0\]", run.Output);
        Assert.Matches($@"{Regex.Escape(mother)}: Patient, [1-9][0-9]* fout\(en\)", run.Output);
    }
}
