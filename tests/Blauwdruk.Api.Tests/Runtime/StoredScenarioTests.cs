using System.Text.Json.Nodes;
using Blauwdruk.Engine.Pathways;
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
public abstract class StoredScenarioTests(StorageProvider provider)
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

            var journal = await runner.JournalAsync(result.State!.Id, CancellationToken.None);
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

public sealed class StoredScenariosOnSqlite() : StoredScenarioTests(StorageProvider.Sqlite);

public sealed class StoredScenariosOnPostgres() : StoredScenarioTests(StorageProvider.Postgres);
