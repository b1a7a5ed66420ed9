using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The worklist projection of a task: one row per task, kept in step with the journal.</summary>
public sealed class TaskRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string PathwayId { get; set; }
    public required string PathwayVersion { get; set; }
    public required string StepId { get; set; }
    public required string Role { get; set; }
    public required string OrganisationId { get; set; }
    public PathwayTaskStatus Status { get; set; }
    public DateTimeOffset ActivatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Who claimed it.</summary>
    public string? Owner { get; set; }

    /// <summary>For an escalation task: the overdue task it is about.</summary>
    public Guid? EscalationOf { get; set; }
}

internal sealed class TaskRecordConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.PathwayId).HasMaxLength(100);
        builder.Property(t => t.PathwayVersion).HasMaxLength(40);
        builder.Property(t => t.StepId).HasMaxLength(60);
        builder.Property(t => t.Role).HasMaxLength(60);
        builder.Property(t => t.OrganisationId).HasMaxLength(64);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Owner).HasMaxLength(100);
        builder.HasIndex(t => new { t.OrganisationId, t.Status, t.DueAt }).HasDatabaseName("ix_tasks_organisation_status_due");
        // The worklist's order over open tasks only: a page is read from here without sorting (Worklist.PageAsync).
        builder.HasIndex(t => new { t.OrganisationId, t.DueAt, t.ActivatedAt, t.Id }).HasFilter(Worklist.OpenStatusesSql).HasDatabaseName("ix_tasks_open");
        builder.HasIndex(t => t.InstanceId).HasDatabaseName("ix_tasks_instance");
    }
}
