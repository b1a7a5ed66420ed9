using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>One event of an instance's journal. Appended in the same transaction as the snapshot; never updated.</summary>
public sealed class JournalEntry
{
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Data { get; set; }

    /// <summary>The entry of an event, numbered by the state it produced (its <see cref="InstanceState.EventCount"/>th event).</summary>
    internal static JournalEntry Of(InstanceEvent @event, InstanceState after) => new()
    {
        InstanceId = after.Id,
        Sequence = after.EventCount - 1,
        Type = @event.GetType().Name,
        At = @event.At,
        Data = RuntimeJson.Serialize(@event),
    };
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("journal");
        // The key makes a second writer of the same sequence number fail, even without the snapshot's token.
        builder.HasKey(e => new { e.InstanceId, e.Sequence });
        builder.Property(e => e.Type).HasMaxLength(60);
    }
}
