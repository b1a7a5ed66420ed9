using Blauwdruk.Tests.Journeys;
using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Audit;

/// <summary>
/// Every access to a client's file is in the access log: commands in their own transaction, reads
/// before they are served, denied attempts too; the log is chained, and a changed or missing entry is
/// found. On both databases.
/// </summary>
public abstract class AccessLogTests(BlauwdrukApiFactory factory)
{
    private HttpClient Midwife => factory.ClientFor("verloskundige-maas");

    private async Task<List<AccessLogEntry>> EntriesFor(Guid instance)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var client = instance.ToString();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking().Include(e => e.Listed).Where(AccessLogEntry.About(client)).OrderBy(e => e.Id).ToListAsync();
    }

    private Task<InstanceResponse> Start(string client) => Midwife.StartFor(client, pathway: "blauwdruk");

    [Fact]
    public async Task Writes_reads_and_denied_attempts_are_logged_with_who_what_why_and_the_client_as_a_pseudonym()
    {
        var instance = await Start("CL-AUDIT");
        var bsn = TestBsn.Fresh();
        await Midwife.GetAsync($"/api/instances/{instance.Id}");
        await factory.ClientFor("verloskundige-merwede").GetAsync($"/api/instances/{instance.Id}");
        await factory.ClientFor("gynaecoloog-zuid").PostAsJsonAsync($"/api/tasks/{instance.OpenTasks[0].Id}/complete", new { });
        await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", new { bsn, familyName = "Jansen", givenName = "Fatima", birthDate = "1996-03-12" });

        var entries = await EntriesFor(instance.Id);

        Assert.Equal(
            [
                ("verloskundige-maas", "write", "StartInstance", "allowed"),
                ("verloskundige-maas", "read", "GET /api/instances/{id:guid}", "allowed"),
                ("verloskundige-merwede", "read", "GET /api/instances/{id:guid}", "denied"),
                ("gynaecoloog-zuid", "write", "CompleteTask", "denied"),
                ("verloskundige-maas", "write", "RecordIdentity", "allowed"),
            ],
            entries.Select(e => (e.UserId, e.Action, e.Resource, e.Outcome)));
        Assert.All(entries, e => Assert.Equal("care", e.Purpose));
        Assert.Equal(("verloskundige", "ura:90000101"), (entries[0].Roles, entries[0].OrganisationId));
        Assert.All(entries, e => Assert.DoesNotContain(bsn, string.Join('|', e.UserId, e.Resource, e.Detail, e.Client), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worklist_narrowed_to_one_client_logs_only_the_clients_it_shows()
    {
        var shownOne = await Start("CL-WL-ZOEK-1");
        var leftOut = await Start("CL-WL-ANDERS-2");
        await using var scope = factory.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<Engine.Runtime.CareReads>();
        var midwife = new Actor("verloskundige-maas", ["verloskundige"], "ura:90000101");

        var items = (await reads.WorklistAsync(midwife, new Engine.Runtime.WorklistFilter(), new HashSet<Guid>(), CancellationToken.None, clientReference: "wl-zoek")).Items;

        Assert.Equal([shownOne.Id], items.Select(i => i.Task.InstanceId).Distinct());
        Assert.Contains(await EntriesFor(shownOne.Id), e => e.Resource == "web /werklijst");
        Assert.DoesNotContain(await EntriesFor(leftOut.Id), e => e.Resource == "web /werklijst");
    }

    [Fact]
    public async Task Who_acts_for_another_professional_is_logged_with_on_whose_behalf()
    {
        var instance = await Start("CL-BEHALF");
        var assistant = factory.CreateClient();
        assistant.DefaultRequestHeaders.Authorization = new("Bearer", Security.SignedTokens.For(factory.Services,
            new System.Security.Claims.Claim("sub", "verloskundige-maas"),
            new System.Security.Claims.Claim("act", """{"sub":"praktijkassistent-maas"}""", Microsoft.IdentityModel.JsonWebTokens.JsonClaimValueTypes.Json),
            new System.Security.Claims.Claim("role", "verloskundige"),
            new System.Security.Claims.Claim("org", "ura:90000101")));

        Assert.Equal(HttpStatusCode.OK, (await assistant.GetAsync($"/api/instances/{instance.Id}")).StatusCode);

        var read = (await EntriesFor(instance.Id)).Last();
        Assert.Equal(("praktijkassistent-maas", "verloskundige-maas", "GET /api/instances/{id:guid}"), (read.UserId, read.OnBehalfOf, read.Resource));
    }

    [Fact]
    public async Task A_list_is_logged_as_an_access_to_each_client_it_shows()
    {
        var first = await Start("CL-LIST-1");
        var second = await Start("CL-LIST-2");

        var worklist = await Midwife.GetAsync($"/api/tasks?instance={first.Id}");
        var search = await Midwife.GetAsync($"/fhir/Task?_count=100&_lastUpdated=ge{first.StartedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z");
        var empty = await factory.ClientFor("verloskundige-merwede").GetAsync($"/api/tasks?instance={first.Id}");

        Assert.True(worklist.IsSuccessStatusCode && search.IsSuccessStatusCode && empty.IsSuccessStatusCode);
        Assert.Equal(
            ["StartInstance", "GET /api/tasks/", "GET /fhir/Task"],
            (await EntriesFor(first.Id)).Select(e => e.Resource));
        Assert.Equal(["StartInstance", "GET /fhir/Task"], (await EntriesFor(second.Id)).Select(e => e.Resource));
        await using var scope = factory.Services.CreateAsyncScope();
        var merwede = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.UserId == "verloskundige-merwede" && e.Resource == "GET /api/tasks/").ToListAsync();
        Assert.Null(Assert.Single(merwede).Client);
    }

    [Fact]
    public async Task A_page_of_many_clients_is_one_entry_that_names_each_and_is_sealed_with_them()
    {
        var clients = new[] { await Start("CL-ONE-ENTRY-1"), await Start("CL-ONE-ENTRY-2"), await Start("CL-ONE-ENTRY-3") };
        var ids = clients.Select(c => c.Id.ToString()).ToList();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var before = await db.AccessLog.CountAsync(e => e.Resource == "GET /api/tasks/");

        var page = (await Midwife.GetFromJsonAsync<List<Api.Tasks.TaskResponse>>("/api/tasks?step=INTAKE&limit=200"))!;

        Assert.Superset(ids.ToHashSet(), page.Select(t => t.InstanceId.ToString()).ToHashSet());
        var entry = Assert.Single(await db.AccessLog.AsNoTracking().Include(e => e.Listed).Where(e => e.Resource == "GET /api/tasks/").OrderBy(e => e.Id).Skip(before).ToListAsync());
        Assert.Null(entry.Client);
        Assert.Equal(page.Select(t => t.InstanceId.ToString()).Distinct().Order(), entry.Listed.Select(l => l.Client).Order());
        foreach (var client in clients)
        {
            var overview = await Midwife.GetFromJsonAsync<List<AccessLogEntryResponse>>($"/api/instances/{client.Id}/access-log");
            Assert.Contains(overview!, e => e.Resource == "GET /api/tasks/" && e.At == entry.At);
        }

        await factory.Services.GetRequiredService<AccessLogSealer>().SealAsync(CancellationToken.None);
        var verification = scope.ServiceProvider.GetRequiredService<AccessLogVerification>();
        Assert.True((await verification.VerifyAsync(CancellationToken.None)).Intact);
        // Who was shown is sealed too: a client taken out of the list, or swapped for another, breaks the chain at that entry.
        await db.Database.ExecuteSqlAsync($"UPDATE access_log_clients SET client = {Guid.NewGuid().ToString()} WHERE entry_id = {entry.Id} AND client = {ids[1]}");
        Assert.Equal((entry.Id, "de inhoud is gewijzigd na het verzegelen"), ((await verification.VerifyAsync(CancellationToken.None)) is var swapped ? (swapped.FirstBrokenId, swapped.Problem) : default));
        await db.Database.ExecuteSqlAsync($"DELETE FROM access_log_clients WHERE entry_id = {entry.Id} AND client <> {ids[0]}");
        Assert.Equal(entry.Id, (await verification.VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    [Fact]
    public async Task The_client_access_overview_is_for_the_lead_organisation_and_is_itself_logged()
    {
        var instance = await Start("CL-OVERVIEW");
        await Midwife.GetAsync($"/api/instances/{instance.Id}");

        var overview = await Midwife.GetFromJsonAsync<List<AccessLogEntryResponse>>($"/api/instances/{instance.Id}/access-log");
        var other = await factory.ClientFor("verloskundige-merwede").GetAsync($"/api/instances/{instance.Id}/access-log");

        Assert.Equal(["GET /api/instances/{id:guid}", "StartInstance"], overview!.Select(e => e.Resource));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains(await EntriesFor(instance.Id), e => e.Resource == "GET /api/instances/{id:guid}/access-log" && e.Outcome == "denied");
    }

    [Fact]
    public async Task The_sealed_chain_verifies_and_a_changed_or_removed_entry_is_named()
    {
        var instance = await Start("CL-CHAIN");
        await Midwife.GetAsync($"/api/instances/{instance.Id}");
        await Midwife.GetAsync($"/api/instances/{instance.Id}/journal");
        await factory.Services.GetRequiredService<AccessLogSealer>().SealAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var verification = scope.ServiceProvider.GetRequiredService<AccessLogVerification>();
        var intact = await verification.VerifyAsync(CancellationToken.None);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(0, intact.Unsealed);
        Assert.True(intact.Sealed >= 3);

        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var entries = await EntriesFor(instance.Id);
        await db.Database.ExecuteSqlAsync($"UPDATE access_log SET user_id = 'iemand-anders' WHERE id = {entries[1].Id}");
        var changed = await verification.VerifyAsync(CancellationToken.None);
        Assert.Equal((entries[1].Id, "de inhoud is gewijzigd na het verzegelen"), (changed.FirstBrokenId, changed.Problem));

        await db.Database.ExecuteSqlAsync($"UPDATE access_log SET user_id = {entries[1].UserId} WHERE id = {entries[1].Id}");
        await db.Database.ExecuteSqlAsync($"DELETE FROM access_log WHERE id = {entries[1].Id}");
        var removed = await verification.VerifyAsync(CancellationToken.None);
        Assert.Equal(entries[2].Id, removed.FirstBrokenId);
        Assert.StartsWith("plaats", removed.Problem, StringComparison.Ordinal);
    }
}

public sealed class AccessLogOnSqlite() : AccessLogTests(new BlauwdrukApiFactory(Blauwdruk.Engine.Storage.StorageProvider.Sqlite));

public sealed class AccessLogOnPostgres() : AccessLogTests(new BlauwdrukApiFactory(Blauwdruk.Engine.Storage.StorageProvider.Postgres));
