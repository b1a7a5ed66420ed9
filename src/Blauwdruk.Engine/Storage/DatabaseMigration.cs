using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Engine.Storage;

/// <summary>
/// The product creates and migrates its own schema, at start and with the <c>migrate</c> verb; then fills
/// what a migration cannot, because it needs the Data Protection keys (the BSN's keyed hash of identities
/// recorded before it existed).
/// </summary>
public static class DatabaseMigration
{
    public static async Task MigrateBlauwdrukDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        if (db is SqliteBlauwdrukDbContext)
        {
            EnsureSqliteDirectory(db.Database.GetConnectionString());
        }

        await db.Database.MigrateAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Handover.HandoverStore>().BackfillBsnKeysAsync(cancellationToken);
    }

    /// <summary>Records the pathway files as published versions and loads the versions only the database has.</summary>
    public static async Task SyncPathwayVersionsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Customisation.PathwayVersions>().SyncAsync(cancellationToken);
    }

    private static void EnsureSqliteDirectory(string? connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory) && file != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }
}
