using Blauwdruk.Engine.Customisation;
using System.Text.Json.Nodes;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Validation;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Runtime;

/// <summary>
/// The standard's scenarios played through the runner on a real database (the shell: journal,
/// snapshot, projections, one transaction per command), on SQLite and on PostgreSQL.
/// </summary>
public abstract partial class StoredScenarioTests(StorageProvider provider)
{
    private static readonly string Scenarios = Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk", "scenarios");

    public static TheoryData<string> ScenarioFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>Commands through <see cref="InstanceRunner"/>, the host's clock moved to each command's moment.</summary>
    private sealed class StoredEngine(BlauwdrukApiFactory host, string pathwayId) : IScenarioEngine
    {
        public async Task<(IReadOnlyList<InstanceEvent> Events, Rejection? Rejection)> ApplyAsync(InstanceState? state, InstanceCommand command, DateTimeOffset now)
        {
            if (now > host.Clock.GetUtcNow())
            {
                host.Clock.SetUtcNow(now);
            }

            await using var scope = host.Services.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
            var result = command is StartInstance start
                ? await runner.StartAsync(pathwayId, start, CancellationToken.None)
                : await runner.ExecuteAsync(state!.Id, command, CancellationToken.None);
            if (result.Rejection is { } rejection)
            {
                return ([], rejection);
            }

            var journal = await scope.ServiceProvider.GetRequiredService<InstanceLoader>().JournalAsync(result.State!.Id, CancellationToken.None);
            return (journal.Skip(journal.Count - result.Events).ToList(), null);
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public async Task Every_scenario_passes_through_the_runner_and_the_snapshot_equals_the_journal(string file)
    {
        var scenario = ScenarioReader.ReadFile(Path.Combine(Scenarios, file), file).Scenario!;
        await using var host = new BlauwdrukApiFactory(provider, clockStart: scenario.StartAt);
        var definition = host.Services.GetRequiredService<PathwayCatalog>().Find("blauwdruk")!;

        var result = await ScenarioRunner.RunAsync(scenario, definition, new StoredEngine(host, "blauwdruk"));

        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures));
        Assert.True(result.ReplayMatches);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var stored = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == result.State!.Id);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored.State), JsonNode.Parse(RuntimeJson.Serialize(result.State!))), "the stored snapshot differs from the played state");
        Assert.Equal(result.State!.TaskCount, await db.Tasks.CountAsync(t => t.InstanceId == stored.Id));
        var openRows = await db.Tasks.Where(t => t.InstanceId == stored.Id && t.CompletedAt == null).Select(t => t.Id).ToListAsync();
        Assert.Equal(result.State.Tasks.Select(t => t.Id).Order(), openRows.Order());
    }
}

public abstract partial class StoredScenarioTests
{
    [Fact]
    public async Task A_sent_handover_is_stored_encrypted_and_opens_as_a_valid_document_with_the_bsn()
    {
        const string Bsn = "999911120";
        var scenario = ScenarioReader.ReadFile(Path.Combine(Scenarios, "positieve-screening.yaml"), "positieve-screening.yaml").Scenario!;
        await using var host = new BlauwdrukApiFactory(provider, clockStart: scenario.StartAt);
        var definition = host.Services.GetRequiredService<PathwayCatalog>().Find("blauwdruk")!;
        var result = await ScenarioRunner.RunAsync(scenario, definition, new StoredEngine(host, "blauwdruk"));
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures));

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var row = Assert.Single(await db.HandoverDocuments.AsNoTracking().Where(h => h.InstanceId == result.State!.Id).ToListAsync());
        Assert.Equal((Blauwdruk.Engine.Pathways.HandoverKind.Prenatal, 0, 1, HandoverStatus.Acknowledged, true), (row.Kind, row.Child, row.Version, row.Status, row.Current));
        Assert.Equal("jgz", row.Recipient);

        // At rest neither the document, the identity nor the journal shows the BSN or the name.
        var identity = await db.ClientIdentities.AsNoTracking().SingleAsync(c => c.InstanceId == row.InstanceId);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == row.InstanceId).Select(e => e.Data).ToListAsync();
        Assert.All(new[] { row.Document, identity.Protected }.Concat(journal), text =>
        {
            Assert.DoesNotContain(Bsn, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Scenario", text, StringComparison.Ordinal);
        });

        var bundle = scope.ServiceProvider.GetRequiredService<HandoverStore>().Open(row);
        Assert.Empty(bundle.Validate(Hl7.Fhir.Model.ModelInfo.ModelInspector));
        Assert.Equal(row.Id.ToString(), bundle.Id);
        Assert.Equal(row.Identifier, bundle.Identifier!.Value);
        Assert.Equal(Bsn, bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Patient>().Single().Identifier.Single(i => i.System == NamingSystems.Bsn).Value);
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentState.Active, bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Consent>().Single().Status);
    }
}

public abstract partial class StoredScenarioTests
{
    [Fact]
    public async Task The_jgz_sees_its_home_visit_task_but_not_the_file_and_the_care_team_sees_both()
    {
        // The positive screening up to the moment the JGZ's prenatal home visit opens.
        var text = File.ReadAllText(Path.Combine(Scenarios, "positieve-screening.yaml"));
        var scenario = ScenarioReader.Read(text[..text.IndexOf("  - complete: JGZ_PHB", StringComparison.Ordinal)], "positieve-screening.yaml", Scenarios).Scenario!;
        await using var host = new BlauwdrukApiFactory(provider, clockStart: scenario.StartAt);
        var definition = host.Services.GetRequiredService<PathwayCatalog>().Find("blauwdruk")!;
        var result = await ScenarioRunner.RunAsync(scenario, definition, new StoredEngine(host, "blauwdruk"));
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures));
        var visit = result.State!.OpenTasks.Single(t => t.StepId == "JGZ_PHB");

        await using var scope = host.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<CareReads>();
        var nurse = new Actor("jgz-1", ["jgz-verpleegkundige"], visit.OrganisationId);
        var colleague = nurse with { Roles = ["aandachtsfunctionaris"] };
        var lead = new Actor("verloskundige-1", ["verloskundige"], result.State.LeadOrganisation);

        var ofNurse = await reads.TaskAsync(visit.Id, nurse, CancellationToken.None);
        Assert.Equal((visit.Id, false), (ofNurse!.Task.Id, ofNurse.WholeFile));
        Assert.Empty(ofNurse.File.Journal);
        Assert.Null(await reads.FileAsync(result.State.Id, nurse, "test", CancellationToken.None));
        Assert.Null(await reads.TaskAsync(visit.Id, colleague, CancellationToken.None));
        Assert.True((await reads.TaskAsync(visit.Id, lead, CancellationToken.None))!.WholeFile);

        var log = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.Resource == "web /taken/{id}").OrderBy(e => e.Id).Select(e => new { e.UserId, e.Outcome, e.Client }).ToListAsync();
        Assert.Equal(["jgz-1 allowed", "jgz-1 denied", "verloskundige-1 allowed"], log.Select(e => e.UserId + " " + e.Outcome));
        Assert.All(log, e => Assert.Equal(result.State.Id.ToString(), e.Client)); // the refused read names its client too
    }
}

public sealed class StoredScenariosOnSqlite() : StoredScenarioTests(StorageProvider.Sqlite);

public sealed class StoredScenariosOnPostgres() : StoredScenarioTests(StorageProvider.Postgres);
