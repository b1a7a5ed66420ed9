namespace Blauwdruk.Engine.Pathways;

/// <summary>A span of time: calendar time, or working days (weekends and Dutch public holidays skipped).</summary>
public sealed record PathwayDuration(TimeSpan Calendar, int WorkingDays = 0)
{
    public static PathwayDuration Days(int days) => new(TimeSpan.FromDays(days));

    public static PathwayDuration Working(int days) => new(TimeSpan.Zero, days);

    /// <summary>A duration as a pathway file writes it (<c>P10D</c>, <c>P2W</c>, <c>PT4H</c>, <c>5 werkdagen</c>); null when it is none.</summary>
    public static PathwayDuration? Parse(string text) => PathwayReader.ParseDuration(text);

    /// <summary>Whether this is at most <paramref name="other"/>; working days count as at least a calendar day each.</summary>
    public bool IsAtMost(PathwayDuration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (WorkingDays > 0 && other.WorkingDays > 0)
        {
            return WorkingDays <= other.WorkingDays;
        }

        if (WorkingDays == 0 && other.WorkingDays == 0)
        {
            return Calendar <= other.Calendar;
        }

        // Mixed units: 5 working days can span 7 calendar days (and more around holidays).
        return WorkingDays > 0
            ? TimeSpan.FromDays(WorkingDays * 7 / 5.0 + 4) <= other.Calendar
            : Calendar <= TimeSpan.FromDays(other.WorkingDays);
    }

    public override string ToString()
    {
        if (WorkingDays > 0)
        {
            return WorkingDays == 1 ? "1 werkdag" : $"{WorkingDays} werkdagen";
        }

        var days = Calendar.TotalDays;
        return days switch
        {
            >= 7 when days % 7 == 0 => days == 7 ? "1 week" : $"{days / 7:0} weken",
            >= 1 when days % 1 == 0 => days == 1 ? "1 dag" : $"{days:0} dagen",
            _ when Calendar.TotalHours % 1 == 0 => Calendar.TotalHours == 1 ? "1 uur" : $"{Calendar.TotalHours:0} uur",
            _ => $"{Calendar.TotalMinutes:0} minuten",
        };
    }
}

public enum DeadlineAnchor
{
    /// <summary>The moment the step became active.</summary>
    Activation,

    /// <summary>The expected delivery date (à terme datum).</summary>
    ExpectedDeliveryDate,

    /// <summary>The date of birth.</summary>
    BirthDate,
}

/// <summary>
/// When a step is due: a duration after its anchor (<c>within</c>/<c>from</c>), or before it
/// (<c>before</c>/<c>by</c>: "before 28 weeks" is 12 weeks before the expected delivery date).
/// </summary>
public sealed record Deadline(PathwayDuration Duration, DeadlineAnchor Anchor = DeadlineAnchor.Activation, bool BeforeAnchor = false)
{
    /// <summary>How long before the due moment a reminder goes out.</summary>
    public PathwayDuration? RemindBefore { get; init; }

    /// <summary>The role that gets an escalation task when the step is overdue.</summary>
    public string? EscalateTo { get; init; }

    /// <summary>
    /// The shorter term when the route is urgent (an outcome marked <c>urgent</c> was chosen earlier on it,
    /// like acute danger at the Meldcode's consultation); counted from the step's start.
    /// </summary>
    public PathwayDuration? Urgent { get; init; }

    public override string ToString() => (Anchor, BeforeAnchor) switch
    {
        (DeadlineAnchor.Activation, _) => $"binnen {Duration}",
        (_, true) => $"{Duration} vóór {AnchorLabel(Anchor)}",
        _ => $"binnen {Duration} na {AnchorLabel(Anchor)}",
    } + (Urgent is { } urgent ? $" (bij spoed binnen {urgent})" : "");

    public static string AnchorLabel(DeadlineAnchor anchor) => anchor switch
    {
        DeadlineAnchor.ExpectedDeliveryDate => "de uitgerekende datum",
        DeadlineAnchor.BirthDate => "de geboorte",
        _ => "de start van de stap",
    };
}
