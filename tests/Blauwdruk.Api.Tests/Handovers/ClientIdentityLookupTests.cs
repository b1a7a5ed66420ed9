using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Handovers;

/// <summary>
/// A client's pathways are found by her BSN through its keyed hash (<see cref="ClientIdentityRecord.BsnKey"/>):
/// no row holds the BSN in the clear, a correction moves her, identities from before the key get it at start,
/// and hosts on one database share one key. On both databases.
/// </summary>
public abstract class ClientIdentityLookupTests(BlauwdrukApiFactory factory)
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private static ClientIdentity Identity(string? bsn) => new(bsn, "Opzoek", "Test", new DateOnly(1994, 3, 2));

    private static async Task<ClientJourney> IdentifiedAsync(IServiceProvider host, string? bsn)
    {
        await using var scope = host.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync($"CL-OPZOEK-{journey.InstanceId:N}", "GM0599", CancellationToken.None);
        await journey.IdentifyAsync(Identity(bsn), CancellationToken.None);
        return journey;
    }

    private static async Task<IReadOnlyList<Guid>> InstancesOfAsync(IServiceProvider host, string bsn)
    {
        await using var scope = host.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoverStore>().InstancesOfAsync(bsn, CancellationToken.None);
    }

    private async Task<ClientIdentityRecord> RowAsync(Guid instance)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().ClientIdentities.AsNoTracking().SingleAsync(c => c.InstanceId == instance);
    }

    /// <summary>Every row of the table as the database gives it, each column as text.</summary>
    private async Task<string> RawTextAsync(bool secrets)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = secrets ? "SELECT * FROM secrets" : "SELECT * FROM client_identities";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var rows = new StringBuilder();
        while (await reader.ReadAsync())
        {
            rows.AppendLine(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows.ToString();
    }

    [Fact]
    public async Task One_bsn_finds_the_pathway_of_its_identity_only_and_no_row_holds_a_bsn_or_the_key_in_the_clear()
    {
        var first = await IdentifiedAsync(factory.Services, "999920005");
        var second = await IdentifiedAsync(factory.Services, "999920017");

        Assert.Equal([first.InstanceId], await InstancesOfAsync(factory.Services, "999920005"));
        Assert.Equal([second.InstanceId], await InstancesOfAsync(factory.Services, "999920017"));
        Assert.Empty(await InstancesOfAsync(factory.Services, "999920029"));

        var identities = await RawTextAsync(secrets: false);
        Assert.Contains(first.InstanceId.ToString(), identities, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("999920005", identities, StringComparison.Ordinal);
        Assert.DoesNotContain("999920017", identities, StringComparison.Ordinal);
        var key = (await RowAsync(first.InstanceId)).BsnKey!;
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("999920005"))), key); // keyed, not a plain hash anyone can recompute

        var secret = await factory.Services.GetRequiredService<Secrets>().KeyAsync(HandoverStore.BsnKeySecret, CancellationToken.None);
        var stored = await RawTextAsync(secrets: true);
        Assert.Contains(HandoverStore.BsnKeySecret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(secret), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(secret), stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_identity_without_a_bsn_has_no_key_and_a_correction_finds_her_under_the_new_bsn_only()
    {
        var journey = await IdentifiedAsync(factory.Services, null);
        Assert.Null((await RowAsync(journey.InstanceId)).BsnKey);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
            foreach (var bsn in new[] { "999920030", "999920042" })
            {
                Assert.Null((await runner.ExecuteAsync(journey.InstanceId, new RecordIdentity(Identity(bsn)) { By = Midwife }, CancellationToken.None)).Rejection);
            }
        }

        Assert.Empty(await InstancesOfAsync(factory.Services, "999920030"));
        Assert.Equal([journey.InstanceId], await InstancesOfAsync(factory.Services, "999920042"));
    }

    [Fact]
    public async Task Identities_recorded_before_the_key_existed_get_it_at_start()
    {
        var before = await IdentifiedAsync(factory.Services, "999920054");
        var withoutBsn = await IdentifiedAsync(factory.Services, null);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().ClientIdentities
                .Where(c => c.InstanceId == before.InstanceId).ExecuteUpdateAsync(set => set.SetProperty(c => c.BsnKey, (string?)null));
        }

        Assert.Empty(await InstancesOfAsync(factory.Services, "999920054"));

        await factory.Services.MigrateBlauwdrukDatabaseAsync();

        Assert.Equal([before.InstanceId], await InstancesOfAsync(factory.Services, "999920054"));
        Assert.Null((await RowAsync(withoutBsn.InstanceId)).BsnKey);
    }

    [Fact]
    public async Task Two_hosts_on_a_new_database_make_one_key_between_them_and_find_each_others_clients()
    {
        var database = TestDatabases.Create(factory.Provider);
        await using var one = new BlauwdrukApiFactory(factory.Provider, connectionString: database);
        await using var other = new BlauwdrukApiFactory(factory.Provider, connectionString: database);
        // The Data Protection key ring made first, as by any host that ran before: this is about the secret, not the ring.
        _ = one.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("warm").Protect([1]);
        _ = other.Services;

        // Both make the key at once: one insert wins, the other host reads it.
        var keys = await Task.WhenAll(
            one.Services.GetRequiredService<Secrets>().KeyAsync(HandoverStore.BsnKeySecret, CancellationToken.None),
            other.Services.GetRequiredService<Secrets>().KeyAsync(HandoverStore.BsnKeySecret, CancellationToken.None));
        var journey = await IdentifiedAsync(one.Services, "999920066");

        Assert.Equal(keys[0], keys[1]);
        Assert.Equal([journey.InstanceId], await InstancesOfAsync(other.Services, "999920066"));
    }
}

public sealed class ClientIdentityLookupOnSqlite(SqliteApiFactory factory) : ClientIdentityLookupTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class ClientIdentityLookupOnPostgres(PostgresApiFactory factory) : ClientIdentityLookupTests(factory), IClassFixture<PostgresApiFactory>;
