using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Pathways;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Tests.Journeys;
using Microsoft.AspNetCore.Mvc;

namespace Blauwdruk.Api.Tests.Pathways;

/// <summary>Operational pathway versions through the API: draft, publish, immutable, stored on both databases.</summary>
public abstract class PathwayVersionsTests(BlauwdrukApiFactory factory)
{
    private static string RijnmondVersion(string version, string discussDeadline = "P7D") =>
        RotterdamOverlay.At(version)
            .Replace("    - step: DISCUSS\n      deadline: P7D", $"    - step: DISCUSS\n      deadline: {discussDeadline}", StringComparison.Ordinal);

    private static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");

    private HttpClient Coordinator => factory.ClientFor("coordinator-rijnmond");

    private async Task<List<PathwaySummary>> Pathways() =>
        (await factory.ClientFor("verloskundige-maas").GetFromJsonAsync<List<PathwaySummary>>("/api/pathways"))!;

    [Fact]
    public async Task The_pathway_files_are_listed_as_published_versions()
    {
        var pathways = await Pathways();

        var standard = pathways.Single(p => p.Id == "blauwdruk");
        Assert.Equal(("template", "published"), (standard.Kind, standard.Versions.Single(v => v.Version == "1.3.0").Status));
        var region = pathways.Single(p => p.Id == "drechtsteden");
        Assert.Equal("operational", region.Kind);
        Assert.Equal(new TemplateReference("blauwdruk", "1.3.0"), region.DerivesFrom);
        Assert.Equal(64, region.Versions[0].ContentHash.Length);
    }

    [Fact]
    public async Task A_coordinator_saves_a_draft_publishes_it_and_it_never_changes_again()
    {
        var saved = await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(RijnmondVersion("1.5.0", "P5D")));

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var draft = (await saved.Content.ReadFromJsonAsync<VersionResponse>())!;
        Assert.Equal(("draft", "1.5.0"), (draft.Status, draft.Version));
        Assert.Contains(draft.Diff!.Changes, c => c is { StepId: "DISCUSS", Property: "deadline", Old: "binnen 2 weken", New: "binnen 5 dagen" });
        Assert.Equal("draft", (await Pathways()).Single(p => p.Id == "rijnmond-zuid").Versions.Single(v => v.Version == "1.5.0").Status);

        var published = await Coordinator.PostAsync("/api/pathways/rijnmond-zuid/versions/1.5.0/publish", null);
        var again = await Coordinator.PostAsync("/api/pathways/rijnmond-zuid/versions/1.5.0/publish", null);
        var overwrite = await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(RijnmondVersion("1.5.0", "P3D")));

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(draft.ContentHash, (await published.Content.ReadFromJsonAsync<VersionResponse>())!.ContentHash);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, overwrite.StatusCode);
        Assert.Equal("Versie 1.5.0 van 'rijnmond-zuid' is al gepubliceerd en verandert niet meer; geef de overlay een nieuwe versie.",
            (await overwrite.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_draft_on_which_a_scenario_of_the_standard_fails_is_not_published_and_the_refusal_names_the_step()
    {
        var stuck = RotterdamOverlay.StuckAtHomeVisit(RijnmondVersion("1.6.0"));
        Assert.Equal(HttpStatusCode.Created, (await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(stuck))).StatusCode);

        var published = await Coordinator.PostAsync("/api/pathways/rijnmond-zuid/versions/1.6.0/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, published.StatusCode);
        var problem = (await published.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.StartsWith("Publiceren kan niet:", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Het afronden van 'Huisbezoek door de wijkverpleging' geweigerd: Eerst het afwegingskader invullen", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(".yaml", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("draft", (await Pathways()).Single(p => p.Id == "rijnmond-zuid").Versions.Single(v => v.Version == "1.6.0").Status);
    }

    [Fact]
    public async Task A_published_version_runs_new_instances_and_survives_a_restart()
    {
        await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(RijnmondVersion("1.5.0")));
        await Coordinator.PostAsync("/api/pathways/rijnmond-zuid/versions/1.5.0/publish", null);

        var started = await factory.ClientFor("verloskundige-maas").PostAsJsonAsync("/api/instances",
            new { pathwayId = "rijnmond-zuid", clientReference = "CL-REGIO", municipality = "GM0599" });
        var instance = (await started.Content.ReadFromJsonAsync<InstanceResponse>())!;
        await using var restarted = new BlauwdrukApiFactory(factory.Provider, connectionString: factory.ConnectionString);
        var reloaded = await restarted.ClientFor("verloskundige-maas").GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}");

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("1.5.0", instance.PathwayVersion);
        Assert.Equal(instance.PathwayVersion, reloaded!.PathwayVersion);
        Assert.Equal("INTAKE", reloaded.OpenTasks.Single().StepId);
    }

    /// <summary>
    /// Posts a broken draft of <paramref name="version"/>: it is refused (422), its first error points at the
    /// line that holds <paramref name="at"/>, and nothing of that version is saved. Returns the detail and that error's message.
    /// </summary>
    private async Task<(string? Detail, string? Message)> RefusedDraftAsync(string broken, string version, string at)
    {
        var response = await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(broken));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors")[0];
        Assert.Equal(broken.Split('\n').ToList().FindIndex(l => l.Contains(at, StringComparison.Ordinal)) + 1, error.GetProperty("line").GetInt32());
        Assert.DoesNotContain((await Pathways()).Single(p => p.Id == "rijnmond-zuid").Versions, v => v.Version == version);
        return (problem.RootElement.GetProperty("detail").GetString(), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_overlay_with_errors_is_refused_with_positions_and_nothing_is_saved()
    {
        var broken = RijnmondVersion("1.7.0").Replace("steps:\n  add:", "steps:\n  remove: [CONSENT]\n  add:", StringComparison.Ordinal);

        var (detail, message) = await RefusedDraftAsync(broken, "1.7.0", "remove: [CONSENT]");

        Assert.Equal("De overlay heeft 1 fout(en); niets is opgeslagen.", detail);
        Assert.StartsWith("Stap 'CONSENT' (Toestemming voor gegevensdeling vastleggen, per ontvanger en doel) mag niet worden uitgeschakeld", message);
    }

    [Fact]
    public async Task An_overlay_that_removes_the_report_outcome_is_refused_with_the_rule_and_nothing_is_saved()
    {
        var broken = RijnmondVersion("1.9.0").Replace("  change:\n", "  change:\n    - step: VT_DECIDE\n      outcomes:\n        - id: afsluiten\n          label: Afsluiten\n        - id: hulp-en-volgen\n          label: Hulp en volgen\n", StringComparison.Ordinal);

        var (_, message) = await RefusedDraftAsync(broken, "1.9.0", "      outcomes:");

        Assert.Contains("komen uit de standaard en liggen vast (Wet verplichte meldcode; het afwegingskader ligt vast.)", message, StringComparison.Ordinal);
        Assert.Contains("laat 'melden' (Melden bij Veilig Thuis)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coordinator-drechtsteden")]
    [InlineData("verloskundige-maas")]
    public async Task Only_the_regions_own_coordinator_may_save_or_publish(string user)
    {
        var save = await factory.ClientFor(user).PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(RijnmondVersion("1.8.0")));
        var publish = await factory.ClientFor(user).PostAsync("/api/pathways/rijnmond-zuid/versions/1.4.0/publish", null);

        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal("Alleen de regiocoördinator van regio 'rijnmond-zuid' kan het operationele zorgpad van die regio wijzigen of publiceren.",
            (await save.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_coordinator_cannot_file_another_regions_overlay_under_their_own()
    {
        var drechtsteden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "pathways", "regio", "drechtsteden.yaml"));

        var response = await Coordinator.PostAsync("/api/pathways/regions/rijnmond-zuid/drafts", Yaml(drechtsteden));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Deze overlay is van regio 'drechtsteden', niet van 'rijnmond-zuid'.", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task The_impact_of_a_template_version_lists_every_region()
    {
        var impacts = await factory.ClientFor("coordinator-rijnmond").GetFromJsonAsync<List<RegionImpact>>("/api/pathways/blauwdruk/versions/1.3.0/impact");

        Assert.Equal(["drechtsteden", "rijnmond-zuid"], impacts!.Select(i => i.Region).Order());
        Assert.All(impacts!, i => Assert.True(i.StillValid));
    }
}

public sealed class PathwayVersionsOnSqlite(SqliteApiFactory factory) : PathwayVersionsTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class PathwayVersionsOnPostgres(PostgresApiFactory factory) : PathwayVersionsTests(factory), IClassFixture<PostgresApiFactory>;
