using System.ComponentModel.DataAnnotations;

namespace Blauwdruk.Engine.Storage;

public enum StorageProvider
{
    /// <summary>An embedded database file: nothing to install.</summary>
    Sqlite,

    /// <summary>PostgreSQL, for production.</summary>
    Postgres,
}

/// <summary>Section <c>Storage</c>; the connection string is <c>ConnectionStrings:Blauwdruk</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    [Required(ErrorMessage = "Set ConnectionStrings:Blauwdruk (ConnectionStrings__Blauwdruk).")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How many entries (instances and their open tasks) the host keeps of the snapshots it wrote last, so
    /// that the next command on the same instance need not read it back (<c>Runtime.SnapshotCache</c>); 0 turns it off.
    /// </summary>
    [Range(0, 10_000_000)]
    public int SnapshotCacheSize { get; set; } = 10_000;
}
