using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Instances;

/// <summary>A start is one command: the pathway and her identity are stored together or not at all, and never twice for one client.</summary>
public abstract class StartTests(BlauwdrukApiFactory factory)
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private HttpClient MidwifeClient => factory.ClientFor("verloskundige-maas");

    private async Task<(RunResult Result, int Instances, int Identities)> StartWithIdentityAsync(string reference, ClientIdentity identity)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var id = Guid.CreateVersion7();
        var result = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().StartAsync(null,
            new StartInstance(id, reference, "GM0599", new Dictionary<string, string>()) { By = Midwife, Then = [new RecordIdentity(identity) { By = Midwife }] },
            CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        return (result,
            await db.Instances.CountAsync(i => i.ClientReference == reference),
            await db.ClientIdentities.CountAsync(c => c.InstanceId == id));
    }

    /// <summary>A BSN that passes the eleven test and that no other test of this database uses.</summary>
    private static string UnusedBsn()
    {
        while (true)
        {
            var bsn = Random.Shared.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (RecordIdentity.IsValidBsn(bsn))
            {
                return bsn;
            }
        }
    }

    [Fact]
    public async Task A_start_whose_identity_is_refused_stores_nothing_and_the_same_form_can_be_sent_again()
    {
        var reference = $"CL-HEEL-{Guid.NewGuid():N}";
        var tooYoung = new ClientIdentity(null, "Jansen", "Eva", DateOnly.FromDateTime(DateTime.Today).AddYears(-5));

        var refused = await StartWithIdentityAsync(reference, tooYoung);
        Assert.Equal(RejectionKind.Invalid, refused.Result.Rejection?.Kind);
        Assert.Equal((0, 0), (refused.Instances, refused.Identities));

        var corrected = await StartWithIdentityAsync(reference, tooYoung with { BirthDate = new DateOnly(1996, 3, 14) });
        Assert.Null(corrected.Result.Rejection);
        Assert.True(corrected.Result.State!.Identified);
        Assert.Equal((1, 1), (corrected.Instances, corrected.Identities));
    }

    [Fact]
    public async Task A_second_start_for_the_same_reference_is_refused_with_a_link_to_the_active_pathway()
    {
        var reference = $"CL-DUBBEL-{Guid.NewGuid():N}";
        var first = await MidwifeClient.StartFor(reference);

        var second = await MidwifeClient.PostAsJsonAsync("/api/instances", new { clientReference = reference, municipality = "GM0599" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/instances/{first.Id}", problem.GetProperty("existingInstance").GetString());
        Assert.Contains("al een traject", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_second_start_for_the_same_bsn_under_another_reference_is_refused()
    {
        var identity = new ClientIdentity(UnusedBsn(), "Jansen", "Eva", new DateOnly(1996, 3, 14));
        var first = await StartWithIdentityAsync($"CL-BSN-{Guid.NewGuid():N}", identity);
        Assert.Null(first.Result.Rejection);

        var second = await StartWithIdentityAsync($"CL-BSN-{Guid.NewGuid():N}", identity);

        Assert.Equal(RejectionKind.Conflict, second.Result.Rejection?.Kind);
        Assert.Equal(first.Result.State!.Id, second.Result.Rejection!.ExistingInstanceId);
        Assert.Equal(0, second.Instances);
    }

    [Fact]
    public async Task Her_bsn_recorded_later_in_a_second_pathway_is_refused_with_a_link_to_the_first_and_may_be_recorded_again_in_the_first()
    {
        var bsn = UnusedBsn();
        var first = await StartWithIdentityAsync($"CL-BSN-LATER-{Guid.NewGuid():N}", new ClientIdentity(bsn, "Jansen", "Eva", new DateOnly(1996, 3, 14)));
        Assert.Null(first.Result.Rejection);
        var second = await MidwifeClient.StartFor($"CL-BSN-LATER-{Guid.NewGuid():N}");

        var refused = await MidwifeClient.PutAsJsonAsync($"/api/instances/{second.Id}/client", new { bsn, familyName = "Jansen", givenName = "Eva", birthDate = "1996-03-14" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/instances/{first.Result.State!.Id}", problem.GetProperty("existingInstance").GetString());
        Assert.DoesNotContain(bsn, problem.GetRawText());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().ClientIdentities.CountAsync(c => c.InstanceId == second.Id));
        }

        var again = await MidwifeClient.PutAsJsonAsync($"/api/instances/{first.Result.State.Id}/client", new { bsn, familyName = "Jansen-de Vries", givenName = "Eva", birthDate = "1996-03-14" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_due_date_in_the_past_is_refused_with_the_reason()
    {
        var response = await MidwifeClient.PostAsJsonAsync("/api/instances",
            new { clientReference = $"CL-OUD-{Guid.NewGuid():N}", municipality = "GM0599", expectedDeliveryDate = "2020-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("in het verleden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}

public sealed class StartOnSqlite(SqliteApiFactory factory) : StartTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class StartOnPostgres(PostgresApiFactory factory) : StartTests(factory), IClassFixture<PostgresApiFactory>;
