using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The stored snapshot of an instance: the state as JSON, with real columns only for what is queried.
/// <see cref="Version"/> guards against two hosts changing one instance at once.
/// </summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }
    public required string PathwayId { get; set; }
    public required string PathwayVersion { get; set; }
    public InstanceStatus Status { get; set; }
    public required string Municipality { get; set; }

    /// <summary>The care provider's own reference for the client (never the BSN), for worklists to show without reading the state.</summary>
    public string ClientReference { get; set; } = "";
    public required string LeadOrganisation { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>When the timer worker next has something to do for this instance (reminder, escalation, timer).</summary>
    public DateTimeOffset? NextDueAt { get; set; }
    public required string State { get; set; }

    /// <summary>The first snapshot of an instance that has just started.</summary>
    internal static InstanceRecord Of(InstanceState state, DateTimeOffset now, DateTimeOffset? nextDue) => new()
    {
        Id = state.Id,
        PathwayId = state.PathwayId,
        PathwayVersion = state.PathwayVersion,
        Status = state.Status,
        Municipality = state.Municipality,
        ClientReference = state.ClientReference,
        LeadOrganisation = state.LeadOrganisation,
        StartedAt = state.StartedAt,
        UpdatedAt = now,
        Version = 1,
        NextDueAt = nextDue,
        State = RuntimeJson.Serialize(state),
    };

    /// <summary>Replaces the snapshot with a newer state; the version moves on, so a concurrent writer's update fails.</summary>
    internal InstanceRecord Store(InstanceState state, DateTimeOffset now, DateTimeOffset? nextDue)
    {
        NextDueAt = nextDue;
        Status = state.Status;
        UpdatedAt = now;
        Version++;
        State = RuntimeJson.Serialize(state);
        return this;
    }

    /// <summary>A detached copy, to attach to another unit of work (<see cref="SnapshotCache"/>).</summary>
    internal InstanceRecord Copy() => (InstanceRecord)MemberwiseClone();
}

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> builder)
    {
        builder.ToTable("instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.PathwayId).HasMaxLength(100);
        builder.Property(i => i.PathwayVersion).HasMaxLength(40);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Municipality).HasMaxLength(6);
        builder.Property(i => i.ClientReference).HasMaxLength(64);
        builder.Property(i => i.LeadOrganisation).HasMaxLength(64);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.LeadOrganisation, i.Status }).HasDatabaseName("ix_instances_lead_organisation_status");
        builder.HasIndex(i => i.NextDueAt).HasDatabaseName("ix_instances_next_due_at");
        builder.HasIndex(i => new { i.LeadOrganisation, i.ClientReference }).HasDatabaseName("ix_instances_lead_organisation_client_reference");
    }
}
