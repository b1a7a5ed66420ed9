using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Storage;

/// <summary>Recognises a write that lost to a concurrent one, on either provider.</summary>
public static class ConcurrentWrites
{
    /// <summary>
    /// Another host changed the instance first: its snapshot version moved on, or it took the journal
    /// sequence number (or the idempotency key) this write wanted.
    /// </summary>
    public static bool IsConcurrentWrite(this DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
        || exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };
}
