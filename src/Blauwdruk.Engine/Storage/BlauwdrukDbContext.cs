using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Handover;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Blauwdruk.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Blauwdruk.Engine.Storage;

/// <summary>
/// The one database context. Each provider has its own subclass so that each keeps its own
/// migration set (Storage/Migrations/Sqlite, Storage/Migrations/Postgres), generated together.
/// </summary>
public abstract class BlauwdrukDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<PathwayVersionRecord> PathwayVersions => Set<PathwayVersionRecord>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ClientIdentityRecord> ClientIdentities => Set<ClientIdentityRecord>();
    public DbSet<HandoverDocumentRecord> HandoverDocuments => Set<HandoverDocumentRecord>();
    public DbSet<Audit.AccessLogEntry> AccessLog => Set<Audit.AccessLogEntry>();
    public DbSet<SecretRecord> Secrets => Set<SecretRecord>();

    /// <summary>The Data Protection key ring, shared by every host on the database (it protects identities and handover documents).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BlauwdrukDbContext).Assembly);

        // snake_case columns and keys, so operators can query without quoting every name.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName($"pk_{entity.GetTableName()}");
            }
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

public sealed class SqliteBlauwdrukDbContext(DbContextOptions<SqliteBlauwdrukDbContext> options) : BlauwdrukDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare DateTimeOffset text in SQL; as binary the values sort and filter correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresBlauwdrukDbContext(DbContextOptions<PostgresBlauwdrukDbContext> options) : BlauwdrukDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<InstanceRecord>().Property(i => i.State).HasColumnType("jsonb");
        modelBuilder.Entity<JournalEntry>().Property(e => e.Data).HasColumnType("jsonb");
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only (see scripts/add-migration.sh).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBlauwdrukDbContext>
{
    public SqliteBlauwdrukDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBlauwdrukDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For <c>dotnet ef migrations add</c> only (see scripts/add-migration.sh).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBlauwdrukDbContext>
{
    public PostgresBlauwdrukDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBlauwdrukDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
