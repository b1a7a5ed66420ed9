namespace Blauwdruk.Engine.Pathways;

public enum ChangeRule
{
    /// <summary>The region may not change it.</summary>
    Locked,

    /// <summary>The region may change it freely.</summary>
    Free,

    /// <summary>The region may shorten it, never lengthen it (deadlines).</summary>
    ShortenOnly,
}

/// <summary>What a region may change of a step in its operational pathway.</summary>
public sealed record CustomisationPolicy
{
    public static readonly CustomisationPolicy Default = new();

    /// <summary>Nothing of the step may change, and it may not be removed or skipped.</summary>
    public bool Locked { get; init; }

    /// <summary>Why it is locked or bounded, shown to the region.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// A note for the region's coordinator (a deadline the standard proposes, a choice to confirm): shown in
    /// the Designer, never on a care professional's task.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>Whether a region may switch the step off.</summary>
    public bool Optional { get; init; }

    public ChangeRule Deadline { get; init; } = ChangeRule.ShortenOnly;
    public ChangeRule Role { get; init; } = ChangeRule.Locked;
    public ChangeRule Questionnaire { get; init; } = ChangeRule.Free;
    public ChangeRule Instructions { get; init; } = ChangeRule.Free;

    /// <summary>When the questionnaire may change: the ones a region may choose from (empty: any).</summary>
    public IReadOnlyList<string> AllowedQuestionnaires { get; init; } = [];

    public static CustomisationPolicy FullyLocked(string? reason) => new()
    {
        Locked = true,
        Reason = reason,
        Deadline = ChangeRule.ShortenOnly,
        Role = ChangeRule.Locked,
        Questionnaire = ChangeRule.Locked,
        Instructions = ChangeRule.Free,
    };
}
