using Blauwdruk.Engine.Storage;

namespace Blauwdruk.Api.Tests;

/// <summary>
/// A fresh, empty database per test class: a new SQLite file, or a new database on the PostgreSQL
/// server that ./test.sh starts. Never wiped at the end, so a failed test leaves its data to inspect.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "BLAUWDRUK_TEST_POSTGRES";

    public static string Create(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => $"Data Source={Path.Combine(Path.GetTempPath(), $"blauwdruk-test-{Guid.NewGuid():N}.db")}",
        StorageProvider.Postgres => $"{PostgresServer()};Database=blauwdruk_test_{Guid.NewGuid():N}",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>The server's connection string; its absence fails the test loudly, never skips it.</summary>
    private static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: set {PostgresVariable} (e.g. 'Host=127.0.0.1;Port=55432;Username=postgres') or run ./test.sh, which starts one.");
}
