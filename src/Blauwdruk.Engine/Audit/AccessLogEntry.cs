using System.Globalization;
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

    /// <summary>The client, as the instance id (a pseudonym); null for an access not about one client (a list).</summary>
    public string? Client { get; set; }

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
    public string ComputeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
            ChainPosition?.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture), At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            UserId, Roles, OrganisationId, OnBehalfOf, Client, Action, Resource, Purpose, Outcome, Detail, PreviousHash))));
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
    }
}
