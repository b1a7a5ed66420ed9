using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Handover;

/// <summary>The client's identity (BSN, name, birth date), encrypted with ASP.NET Data Protection; one row per instance.</summary>
public sealed class ClientIdentityRecord
{
    public Guid InstanceId { get; set; }

    /// <summary>The <see cref="ClientIdentity"/> as JSON, protected; readable only through <see cref="HandoverStore"/>.</summary>
    public required string Protected { get; set; }

    /// <summary>
    /// Her BSN as a keyed hash (HMAC-SHA256, hex; the key in <c>secrets</c>), so her pathways are found when
    /// she signs in herself without the BSN being stored in the clear; null without a BSN.
    /// </summary>
    public string? BsnKey { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One handover document (a FHIR document Bundle, one version for one child), addressed to a JGZ
/// organisation. The document itself is encrypted (it holds the BSN); the row's other columns are
/// what the inbox and the FHIR facade search on. A document never changes once available; a
/// correction is a new row, and the earlier one is no longer <see cref="Current"/>.
/// </summary>
public sealed class HandoverDocumentRecord
{
    /// <summary>The Bundle's resource id.</summary>
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }
    public Guid TaskId { get; set; }

    /// <summary>0 before the birth; 1, 2, … for each child after it.</summary>
    public int Child { get; set; }

    public int Version { get; set; }
    public HandoverKind Kind { get; set; }

    /// <summary>The receiving organisation (as users of it are known: <c>ura:…</c>).</summary>
    public required string Recipient { get; set; }

    /// <summary>The Bundle's identifier, the same for every version.</summary>
    public required string Identifier { get; set; }

    public HandoverStatus Status { get; set; }

    /// <summary>False once a newer version replaced this one.</summary>
    public bool Current { get; set; }

    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The Bundle as FHIR JSON, protected.</summary>
    public required string Document { get; set; }
}

internal sealed class ClientIdentityRecordConfiguration : IEntityTypeConfiguration<ClientIdentityRecord>
{
    public void Configure(EntityTypeBuilder<ClientIdentityRecord> builder)
    {
        builder.ToTable("client_identities");
        builder.HasKey(c => c.InstanceId);
        builder.Property(c => c.BsnKey).HasMaxLength(64);
        builder.HasIndex(c => c.BsnKey).HasDatabaseName("ix_client_identities_bsn_key");
    }
}

internal sealed class HandoverDocumentRecordConfiguration : IEntityTypeConfiguration<HandoverDocumentRecord>
{
    public void Configure(EntityTypeBuilder<HandoverDocumentRecord> builder)
    {
        builder.ToTable("handover_documents");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Recipient).HasMaxLength(64);
        builder.Property(h => h.Identifier).HasMaxLength(100);
        builder.HasIndex(h => new { h.Recipient, h.Current, h.UpdatedAt }).HasDatabaseName("ix_handover_documents_recipient");
        // A search's and the inbox's page: the newest sent first, from the index (a JGZ organisation holds thousands).
        builder.HasIndex(h => new { h.Recipient, h.Current, h.SentAt, h.Id }).HasDatabaseName("ix_handover_documents_recipient_sent");
        builder.HasIndex(h => new { h.InstanceId, h.TaskId, h.Child, h.Version }).IsUnique().HasDatabaseName("ix_handover_documents_task_child_version");
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable("data_protection_keys");
}
