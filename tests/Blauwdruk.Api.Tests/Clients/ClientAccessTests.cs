using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Clients;
using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Clients;

/// <summary>
/// A client signs in as herself (DigiD, here the demo clients' tokens) and reaches only the pathways whose
/// recorded identity has her BSN, each look-up in the access log under her subject and never her BSN; the
/// professionals' API and FHIR refuse her, and her part refuses everyone else. On both databases.
/// </summary>
public abstract class ClientAccessTests(BlauwdrukApiFactory factory)
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private static DemoClient Demo(string id) => DemoClients.Find(id)!;

    /// <summary>A pathway in Rotterdam whose midwife recorded the client's identity with this BSN.</summary>
    private async Task<Guid> PathwayOfAsync(string bsn, string familyName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync($"CL-ZELF-{journey.InstanceId:N}", "GM0599", CancellationToken.None);
        await journey.IdentifyAsync(new ClientIdentity(bsn, familyName, "Cliënt", new DateOnly(1995, 5, 17)), CancellationToken.None);
        return journey.InstanceId;
    }

    private async Task<List<AccessLogEntry>> AccessLogAsync(string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking().Include(e => e.Listed).Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync();
    }

    private HttpClient WithToken(params Claim[] claims)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Security.SignedTokens.For(factory.Services, claims));
        return client;
    }

    [Fact]
    public async Task A_client_sees_exactly_her_own_pathways_closed_ones_too_the_newest_identity_first()
    {
        var earlier = await PathwayOfAsync(Demo("client-yasmina").Bsn, "Bakkali");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var closed = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteAsync(earlier, new CloseInstance("Verhuisd buiten de regio") { By = Midwife }, CancellationToken.None);
            Assert.Null(closed.Rejection);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var current = await PathwayOfAsync(Demo("client-yasmina").Bsn, "Bakkali");
        var sannes = await PathwayOfAsync(Demo("client-sanne").Bsn, "de Wit");

        var hers = await factory.ClientForPerson("client-yasmina").GetFromJsonAsync<MyPathwaysResponse>("/api/me");
        var sanne = await factory.ClientForPerson("client-sanne").GetFromJsonAsync<MyPathwaysResponse>("/api/me");

        Assert.Equal([current, earlier], hers!.Pathways.Select(p => p.Id));
        Assert.Equal([sannes], sanne!.Pathways.Select(p => p.Id));
        var logged = await AccessLogAsync("client-yasmina");
        // One read that showed her two pathways: one entry that names both.
        Assert.Equal(new[] { current.ToString(), earlier.ToString() }.Order(), Assert.Single(logged).Listed.Select(l => l.Client).Order());
        Assert.All(logged, e => Assert.Equal(("read", "GET /api/me/", "client", "", "client", "allowed"), (e.Action, e.Resource, e.Roles, e.OrganisationId, e.Purpose, e.Outcome)));
    }

    [Fact]
    public async Task A_client_whose_bsn_matches_no_pathway_gets_an_empty_list_and_a_denied_entry_that_names_no_bsn()
    {
        await PathwayOfAsync(Demo("client-ilse").Bsn, "Vermeulen");

        var response = await factory.ClientForPerson("client-noor").GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"pathways":[]}""", await response.Content.ReadAsStringAsync());
        var entry = Assert.Single(await AccessLogAsync("client-noor"));
        Assert.Equal((null, "read", "denied", "no-match", "client", "client", ""), (entry.Client, entry.Action, entry.Outcome, entry.Detail, entry.Purpose, entry.Roles, entry.OrganisationId));

        await using var scope = factory.Services.CreateAsyncScope();
        var everyRow = string.Join('\n', (await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking().ToListAsync())
            .Select(e => string.Join('|', e.UserId, e.Roles, e.OrganisationId, e.OnBehalfOf, e.Client, e.Action, e.Resource, e.Purpose, e.Outcome, e.Detail)));
        Assert.Contains("client-noor", everyRow, StringComparison.Ordinal);
        Assert.All(DemoClients.All, c => Assert.DoesNotContain(c.Bsn, everyRow, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Her_part_is_only_for_a_client_signed_in_with_digid_substantial_or_high_and_a_valid_bsn_refused_in_dutch()
    {
        var bsn = Demo("client-noor").Bsn;

        var high = await WithToken(new("sub", "digid-hoog"), new("bsn", bsn), new("acr", "http://eidas.europa.eu/LoA/high")).GetAsync("/api/me");
        var low = await WithToken(new("sub", "digid-basis"), new("bsn", bsn), new("acr", "http://eidas.europa.eu/LoA/low")).GetAsync("/api/me");
        var invalid = await WithToken(new("sub", "digid-fout"), new("bsn", "999913002"), new("acr", "http://eidas.europa.eu/LoA/substantial")).GetAsync("/api/me");
        var professional = await factory.ClientFor("verloskundige-maas").GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, high.StatusCode);
        foreach (var (refused, says) in new[] { (low, "DigiD Substantieel of Hoog"), (invalid, "DigiD Substantieel of Hoog"), (professional, "voor de cliënt zelf") })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var detail = await refused.Content.ReadAsStringAsync();
            Assert.Contains(says, detail, StringComparison.Ordinal);
            Assert.DoesNotContain(bsn, detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_client_is_refused_by_the_professionals_api_as_a_problem_and_by_fhir_as_an_operation_outcome_in_dutch()
    {
        var herself = factory.ClientForPerson("client-yasmina");

        var tasks = await herself.GetAsync("/api/tasks");
        var start = await herself.PostAsJsonAsync("/api/instances", new { clientReference = "ZELF", municipality = "GM0599" });
        var fhir = new[] { await herself.GetAsync("/fhir/PlanDefinition"), await herself.GetAsync("/fhir/Bundle?type=document") };

        foreach (var api in new[] { tasks, start })
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.Contains("voor zorgverleners", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var refused in fhir)
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/fhir+json", refused.Content.Headers.ContentType?.MediaType);
            var outcome = await refused.Content.ReadAsStringAsync();
            Assert.Contains("\"resourceType\":\"OperationOutcome\"", outcome, StringComparison.Ordinal);
            Assert.Contains("\"code\":\"forbidden\"", outcome, StringComparison.Ordinal);
            Assert.Contains("voor zorgverleners", outcome, StringComparison.Ordinal);
        }
    }
}

public sealed class ClientAccessOnSqlite(SqliteApiFactory factory) : ClientAccessTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class ClientAccessOnPostgres(PostgresApiFactory factory) : ClientAccessTests(factory), IClassFixture<PostgresApiFactory>;
