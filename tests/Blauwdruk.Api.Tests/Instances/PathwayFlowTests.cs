using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Instances;

/// <summary>The thin slice through the API: start a client's pathway, see and complete tasks. Runs on both databases.</summary>
public abstract class PathwayFlowTests(BlauwdrukApiFactory factory)
{
    private const string MaasPractice = "ura:90000101";

    /// <summary>The standard Blauwdruk for a client in Rotterdam, started by the user (the midwife of De Maas unless named); see <see cref="CareTeamClient.StartFor"/>.</summary>
    private Task<InstanceResponse> StartFor(string clientReference, string user = "verloskundige-maas", Dictionary<string, string>? careTeam = null) =>
        factory.ClientFor(user).StartFor(clientReference, pathway: "blauwdruk", careTeam: careTeam);

    private async Task<List<TaskResponse>> TasksOf(string user, Guid instanceId)
    {
        var tasks = await factory.ClientFor(user).GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instanceId}");
        return tasks!.Where(t => t.InstanceId == instanceId).ToList();
    }

    private async Task<int> JournalLength(Guid instanceId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Journal.CountAsync(e => e.InstanceId == instanceId);
    }

    [Fact]
    public async Task Starting_a_pathway_opens_the_intake_in_the_midwifes_worklist()
    {
        var instance = await StartFor("CL-START");

        var task = Assert.Single(await TasksOf("verloskundige-maas", instance.Id));
        Assert.Equal("INTAKE", task.StepId);
        Assert.Equal("Intake eerste zwangerschapscontrole", task.Label);
        Assert.Equal("Verloskundige", task.RoleLabel);
        Assert.Equal(MaasPractice, task.OrganisationId);
        Assert.Equal("requested", task.Status);
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(14).ToUnixTimeMilliseconds(), task.DueAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Completing_a_task_opens_the_next_step_and_it_is_stored()
    {
        var instance = await StartFor("CL-COMPLETE");
        var intake = instance.OpenTasks.Single();

        var response = await factory.ClientFor("verloskundige-maas").PostAsJsonAsync($"/api/tasks/{intake.Id}/complete", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tasks = await TasksOf("verloskundige-maas", instance.Id);
        Assert.Equal(["ID_BSN"], tasks.Select(t => t.StepId));
        var stored = await factory.ClientFor("verloskundige-maas").GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}");
        Assert.Equal("ID_BSN", stored!.OpenTasks.Single().StepId);
        Assert.Equal(4, await JournalLength(instance.Id));
    }

    [Fact]
    public async Task The_journal_rebuilds_the_stored_snapshot()
    {
        var instance = await StartFor("CL-REPLAY");
        await factory.ClientFor("verloskundige-maas").PostAsJsonAsync($"/api/tasks/{instance.OpenTasks[0].Id}/complete", new { outcome = "afgerond" });

        await using var scope = factory.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<InstanceLoader>();
        var journal = await loader.JournalAsync(instance.Id, CancellationToken.None);
        var snapshot = (await scope.ServiceProvider.GetRequiredService<CareReads>().FindFileAsync(instance.Id, new Actor("t", ["verloskundige"], MaasPractice), CancellationToken.None))?.State;

        var replayed = Decider.Replay(journal)!;
        Assert.Equal(snapshot!.Tasks, replayed.Tasks);
        Assert.Equal(snapshot.CareTeam.OrderBy(p => p.Key), replayed.CareTeam.OrderBy(p => p.Key));
        Assert.Equal(snapshot with { CareTeam = replayed.CareTeam, Tasks = replayed.Tasks }, replayed);
        Assert.Equal("afgerond", journal.OfType<TaskCompleted>().Single().Outcome);
        Assert.DoesNotContain(replayed.Tasks, t => t.StepId == "INTAKE");
    }

    [Fact]
    public async Task A_snapshot_in_an_older_shape_is_rebuilt_from_the_journal()
    {
        var instance = await StartFor("CL-OLD-SNAPSHOT");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // A snapshot as format 1 wrote it: no format, no task count.
            var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
            var record = await db.Instances.SingleAsync(i => i.Id == instance.Id);
            var json = System.Text.Json.Nodes.JsonNode.Parse(record.State)!.AsObject();
            Assert.True(json.Remove("snapshotFormat") && json.Remove("taskCount"));
            record.State = json.ToJsonString();
            await db.SaveChangesAsync();

            // Old snapshots meet a newly started host, which has kept none of them.
            scope.ServiceProvider.GetRequiredService<SnapshotCache>().Forget(instance.Id);
        }

        var response = await factory.ClientFor("verloskundige-maas").PostAsJsonAsync($"/api/tasks/{instance.OpenTasks[0].Id}/complete", new { outcome = "afgerond" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = (await response.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.DoesNotContain(after.OpenTasks, t => t.Id == instance.OpenTasks[0].Id);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
            var stored = RuntimeJson.Deserialize<InstanceState>((await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).State);
            Assert.Equal((InstanceState.CurrentSnapshotFormat, 2), (stored.SnapshotFormat, stored.TaskCount));
            Assert.Equal(2, await db.Tasks.CountAsync(t => t.InstanceId == instance.Id));
        }
    }

    [Fact]
    public async Task Another_organisation_neither_sees_nor_completes_the_task()
    {
        var instance = await StartFor("CL-OTHER-ORG");
        var intake = instance.OpenTasks.Single();
        var other = factory.ClientFor("verloskundige-merwede");

        Assert.Empty(await TasksOf("verloskundige-merwede", instance.Id));
        var complete = await other.PostAsJsonAsync($"/api/tasks/{intake.Id}/complete", new { });
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{instance.Id}")).StatusCode);
        Assert.Equal(2, await JournalLength(instance.Id));
    }

    [Fact]
    public async Task A_colleague_in_another_role_gets_a_dutch_problem_and_nothing_changes()
    {
        var instance = await StartFor("CL-OTHER-ROLE");

        var response = await factory.ClientFor("aandachtsfunctionaris-maas")
            .PostAsJsonAsync($"/api/tasks/{instance.OpenTasks[0].Id}/complete", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Deze taak is voor de rol 'Verloskundige' van een andere organisatie of rol dan de uwe.", problem!.Detail);
        Assert.Equal(2, await JournalLength(instance.Id));
    }

    [Fact]
    public async Task A_task_completed_twice_is_a_conflict()
    {
        var instance = await StartFor("CL-TWICE");
        var client = factory.ClientFor("verloskundige-maas");
        var url = $"/api/tasks/{instance.OpenTasks[0].Id}/complete";
        await client.PostAsJsonAsync(url, new { });

        var second = await client.PostAsJsonAsync(url, new { });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Deze taak is al afgesloten (afgerond, vervallen of mislukt).", problem!.Detail);
        Assert.Equal(4, await JournalLength(instance.Id));
    }

    [Fact]
    public async Task A_task_for_the_hospital_appears_in_the_gynaecologists_worklist()
    {
        var instance = await StartFor("CL-HOSPITAL", careTeam: new Dictionary<string, string> { ["verloskundige"] = "ura:90000102" });

        Assert.Empty(await TasksOf("verloskundige-maas", instance.Id));
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientFor("verloskundige-maas").GetAsync($"/api/instances/{instance.Id}")).StatusCode);
        var gynaecologist = await factory.ClientFor("gynaecoloog-zuid").GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}");
        Assert.DoesNotContain(gynaecologist!, t => t.InstanceId == instance.Id && t.Role != "verloskundige");
    }

    [Fact]
    public async Task Starting_the_same_instance_id_twice_starts_it_once()
    {
        var id = Guid.NewGuid();
        var client = factory.ClientFor("verloskundige-maas");
        var body = new { id, pathwayId = "blauwdruk", clientReference = "CL-IDEMPOTENT", municipality = "GM0599" };

        var first = await client.PostAsJsonAsync("/api/instances", body);
        var second = await client.PostAsJsonAsync("/api/instances", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Single(await TasksOf("verloskundige-maas", id));
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_that_names_the_field()
    {
        var client = factory.ClientFor("verloskundige-maas");

        var response = await client.PostAsJsonAsync("/api/instances", new { pathwayId = "blauwdruk", clientReference = "", municipality = "Rotterdam" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains("Gebruik de CBS-gemeentecode, bijvoorbeeld GM0599.", problem!.Errors["Municipality"]);
        Assert.True(problem.Errors.ContainsKey("ClientReference"));
    }

    [Fact]
    public async Task An_unknown_pathway_is_not_found()
    {
        var response = await factory.ClientFor("verloskundige-maas").PostAsJsonAsync("/api/instances",
            new { pathwayId = "bestaat-niet", clientReference = "CL-X", municipality = "GM0599" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Zorgpad 'bestaat-niet' bestaat niet.", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_regional_coordinator_cannot_start_a_clients_pathway()
    {
        var response = await factory.ClientFor("coordinator-rijnmond").PostAsJsonAsync("/api/instances",
            new { pathwayId = "blauwdruk", clientReference = "CL-COORD", municipality = "GM0599" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_restarted_host_on_the_same_database_continues_the_pathway()
    {
        var instance = await StartFor("CL-RESTART");
        await using var restarted = new BlauwdrukApiFactory(factory.Provider, connectionString: factory.ConnectionString);

        var tasks = await restarted.ClientFor("verloskundige-maas").GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}");
        var intake = Assert.Single(tasks!, t => t.InstanceId == instance.Id);
        var response = await restarted.ClientFor("verloskundige-maas").PostAsJsonAsync($"/api/tasks/{intake.Id}/complete", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, await JournalLength(instance.Id));
    }

    [Fact]
    public async Task Verification_rebuilds_every_instance_and_finds_a_tampered_snapshot()
    {
        var instance = await StartFor("CL-VERIFY");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var verification = scope.ServiceProvider.GetRequiredService<JournalVerification>();

        var (checkedBefore, before) = await verification.VerifyAsync(CancellationToken.None);
        var record = await db.Instances.SingleAsync(i => i.Id == instance.Id);
        record.State = record.State.Replace("\"municipality\":\"GM0599\"", "\"municipality\":\"GM0344\"", StringComparison.Ordinal)
            .Replace("\"municipality\": \"GM0599\"", "\"municipality\": \"GM0344\"", StringComparison.Ordinal);
        await db.SaveChangesAsync();
        var (_, after) = await verification.VerifyAsync(CancellationToken.None);

        Assert.True(checkedBefore >= 1);
        Assert.DoesNotContain(before, m => m.InstanceId == instance.Id);
        var mismatch = Assert.Single(after, m => m.InstanceId == instance.Id);
        Assert.Equal(["municipality: opgeslagen \"GM0344\", uit het journaal \"GM0599\""], mismatch.Differences);
    }

    [Fact]
    public async Task The_database_is_ready()
    {
        var ready = await factory.CreateClient().GetAsync("/health/ready");
        var live = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task The_factory_runs_on_the_provider_it_names()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();

        Assert.Equal(
            factory.Provider == StorageProvider.Postgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite",
            db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}

public sealed class PathwayFlowOnSqlite(SqliteApiFactory factory) : PathwayFlowTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class PathwayFlowOnPostgres(PostgresApiFactory factory) : PathwayFlowTests(factory), IClassFixture<PostgresApiFactory>;
