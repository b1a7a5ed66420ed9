using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Audit;

/// <summary>
/// One access to client data, in the spirit of NEN 7513: when, who (user, role, organisation), on
/// whose behalf, which client (the instance id: a pseudonym, never the BSN or a name), which action on
/// which resource, for what purpose, and whether it was allowed. Never changed once written; the
/// <see cref="AccessLogSealer"/> chains it to the entry before it (<see cref="Hash"/>).
/// </summary>
public sealed class AccessLogEntry
{
    /// <summary>The order of writing (database identity); the chain follows <see cref="ChainPosition"/>.</summary>
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }
    public required string UserId { get; set; }

    /// <summary>The user's roles, comma-separated.</summary>
    public required string Roles { get; set; }

    public required string OrganisationId { get; set; }

    /// <summary>The responsible professional, when someone acts for another.</summary>
    public string? OnBehalfOf { get; set; }

    /// <summary>The client, as the instance id (a pseudonym), of an access about one client; null for a list or an access about none.</summary>
    public string? Client { get; set; }

    /// <summary>
    /// The clients a list showed (a worklist page, a search), when there were several: one entry for the
    /// one access, each client findable through <c>access_log_clients</c> (<see cref="About"/>).
    /// </summary>
    public List<AccessLogClient> Listed { get; init; } = [];

    /// <summary>The entries about a client: those about her alone and the lists that showed her.</summary>
    public static Expression<Func<AccessLogEntry, bool>> About(string client) =>
        e => e.Client == client || e.Listed.Any(l => l.Client == client);

    /// <summary><c>read</c> or <c>write</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What was accessed: a command (<c>CompleteTask</c>) or a route (<c>GET /api/instances/{id}</c>).</summary>
    public required string Resource { get; set; }

    /// <summary>The ground: <c>care</c> (normal care), <c>consent</c> (a handover under consent), <c>meldcode</c>.</summary>
    public required string Purpose { get; set; }

    /// <summary><c>allowed</c> or <c>denied</c>.</summary>
    public required string Outcome { get; set; }

    /// <summary>A short technical detail (an HTTP status, a refusal kind); never client data.</summary>
    public string? Detail { get; set; }

    /// <summary>The entry's place in the chain, from 1; null until sealed.</summary>
    public long? ChainPosition { get; set; }

    public string? PreviousHash { get; set; }
    public string? Hash { get; set; }

    /// <summary>SHA-256 over every field and the previous entry's hash.</summary>
    public string ComputeHash() => ComputeHash(Listed.Select(l => l.Client));

    /// <summary>
    /// The same, with the list's clients given apart from <see cref="Listed"/> (the sealer reads them
    /// untracked: a list of 50 tracked children per entry cost more than the read it records).
    /// </summary>
    public string ComputeHash(IEnumerable<string> listedClients) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
            ChainPosition?.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture), At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            UserId, Roles, OrganisationId, OnBehalfOf, Client ?? ListedClients(listedClients), Action, Resource, Purpose, Outcome, Detail, PreviousHash))));

    /// <summary>A list's clients in one field of the hash, in a fixed order; empty, as a missing client always was, for none.</summary>
    private static string ListedClients(IEnumerable<string> clients) => string.Join(',', clients.Order(StringComparer.Ordinal));
}

/// <summary>One client a list access showed.</summary>
public sealed class AccessLogClient
{
    public long EntryId { get; set; }
    public required string Client { get; set; }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("access_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.UserId).HasMaxLength(100);
        builder.Property(e => e.Roles).HasMaxLength(200);
        builder.Property(e => e.OrganisationId).HasMaxLength(64);
        builder.Property(e => e.OnBehalfOf).HasMaxLength(100);
        builder.Property(e => e.Client).HasMaxLength(40);
        builder.Property(e => e.Action).HasMaxLength(10);
        builder.Property(e => e.Resource).HasMaxLength(200);
        builder.Property(e => e.Purpose).HasMaxLength(20);
        builder.Property(e => e.Outcome).HasMaxLength(10);
        builder.Property(e => e.Detail).HasMaxLength(200);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.HasIndex(e => new { e.Client, e.At }).HasDatabaseName("ix_access_log_client");
        builder.HasIndex(e => e.ChainPosition).IsUnique().HasDatabaseName("ix_access_log_chain");
        builder.HasMany(e => e.Listed).WithOne().HasForeignKey(c => c.EntryId);
    }
}

internal sealed class AccessLogClientConfiguration : IEntityTypeConfiguration<AccessLogClient>
{
    public void Configure(EntityTypeBuilder<AccessLogClient> builder)
    {
        builder.ToTable("access_log_clients");
        builder.HasKey(c => new { c.EntryId, c.Client });
        builder.Property(c => c.Client).HasMaxLength(40);
        builder.HasIndex(c => new { c.Client, c.EntryId }).HasDatabaseName("ix_access_log_clients_client");
    }
}
