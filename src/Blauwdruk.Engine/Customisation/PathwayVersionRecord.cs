using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Customisation;

public enum PathwayKind
{
    Template,
    Operational,
}

public enum PathwayVersionStatus
{
    Draft,
    Published,
}

/// <summary>
/// One version of a template or operational pathway, as written (the YAML) with the hash of what it
/// means. A published version never changes: instances keep running on it.
/// </summary>
public sealed class PathwayVersionRecord
{
    public required string PathwayId { get; set; }
    public required string Version { get; set; }
    public PathwayKind Kind { get; set; }
    public PathwayVersionStatus Status { get; set; }
    public string? TemplateId { get; set; }
    public string? TemplateVersion { get; set; }
    public required string Title { get; set; }
    public required string ContentHash { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}

internal sealed class PathwayVersionRecordConfiguration : IEntityTypeConfiguration<PathwayVersionRecord>
{
    public void Configure(EntityTypeBuilder<PathwayVersionRecord> builder)
    {
        builder.ToTable("pathway_versions");
        builder.HasKey(v => new { v.PathwayId, v.Version });
        builder.Property(v => v.PathwayId).HasMaxLength(100);
        builder.Property(v => v.Version).HasMaxLength(40);
        builder.Property(v => v.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.TemplateId).HasMaxLength(100);
        builder.Property(v => v.TemplateVersion).HasMaxLength(40);
        builder.Property(v => v.Title).HasMaxLength(300);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.CreatedBy).HasMaxLength(100);
        builder.Property(v => v.PublishedBy).HasMaxLength(100);
        builder.HasIndex(v => new { v.Kind, v.Status }).HasDatabaseName("ix_pathway_versions_kind_status");
        builder.HasIndex(v => new { v.TemplateId, v.TemplateVersion }).HasDatabaseName("ix_pathway_versions_template");
    }
}
