using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime.Scenarios;

/// <summary>
/// A scripted journey through a pathway: who does what, with which answers, which signals, what time
/// passes, and what must then be true. Played by <see cref="ScenarioRunner"/> through the pure core.
/// </summary>
public sealed record Scenario
{
    public required string Title { get; init; }
    public required string PathwayFile { get; init; }
    public required DateTimeOffset StartAt { get; init; }
    public required string Municipality { get; init; }
    public DateOnly? ExpectedDeliveryDate { get; init; }

    /// <summary>The role of the professional who starts the pathway (default verloskundige).</summary>
    public string StartedBy { get; init; } = "verloskundige";

    /// <summary>The organisation per role; the lead organisation ("praktijk") takes the others.</summary>
    public IReadOnlyDictionary<string, string> CareTeam { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<ScenarioStep> Steps { get; init; }

    /// <summary>The line of <c>start</c>, for a refused start.</summary>
    public int StartLine { get; init; } = 1;
    public required string SourceFile { get; init; }
}

/// <summary>One line of a scenario. <see cref="Line"/> is where it was written, for messages.</summary>
public abstract record ScenarioStep(int Line)
{
    /// <summary>Time that passes before the step (timers and reminders fire on the way).</summary>
    public PathwayDuration? After { get; init; }

    /// <summary>The role that acts (default: the task's role).</summary>
    public string? By { get; init; }
}

public sealed record CompleteStep(int Line, string StepId) : ScenarioStep(Line)
{
    public string? Outcome { get; init; }

    /// <summary>The questions answered "yes" in the step's questionnaire (linkIds); the others are "no".</summary>
    public IReadOnlyList<string>? Answers { get; init; }

    /// <summary>
    /// Or each answer by linkId, as text: a number, a date (yyyy-MM-dd), a time (HH:mm), a choice's code,
    /// <c>true</c>/<c>false</c>, or free text. Only the questions named are answered.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }

    /// <summary>At a referral step: the organisation referred to (one of the step's referral options).</summary>
    public string? ReferredTo { get; init; }
}

public sealed record ClaimStep(int Line, string StepId) : ScenarioStep(Line);

public sealed record CancelStep(int Line, string StepId, string Reason) : ScenarioStep(Line);

public sealed record SignalStep(int Line, string SignalId) : ScenarioStep(Line)
{
    public DateOnly? On { get; init; }

    /// <summary>Why a birth date far from the due date is right.</summary>
    public string? Reason { get; init; }
}

public sealed record DateStep(int Line, DeadlineAnchor Date, DateOnly Value) : ScenarioStep(Line);

/// <summary>Only time passes.</summary>
public sealed record WaitStep(int Line) : ScenarioStep(Line);

public sealed record CloseStep(int Line, string Reason) : ScenarioStep(Line);

/// <summary>The client's identity is recorded (a test BSN; the scenario's name and birth date are fixed).</summary>
public sealed record IdentifyStep(int Line, string Bsn) : ScenarioStep(Line);

/// <summary>The client consents to a handover (null: both), after the preview.</summary>
public sealed record ConsentStep(int Line, HandoverKind? Kind) : ScenarioStep(Line)
{
    public string? Preview { get; init; }
}

public sealed record WithdrawStep(int Line, HandoverKind? Kind) : ScenarioStep(Line);

/// <summary>
/// The aandachtsfunctionaris records a legal ground with the reason: the meldrecht toward Veilig Thuis,
/// or a weighed conflict of duties toward the JGZ (for <see cref="Kind"/>, null both), naming its data.
/// </summary>
public sealed record GroundStep(int Line, LegalBasis Basis, string Reason) : ScenarioStep(Line)
{
    public HandoverKind? Kind { get; init; }
    public IReadOnlyList<string> Data { get; init; } = [];
    public string? WhyNoConsent { get; init; }
    public string? Professional { get; init; }
    public DateOnly? Until { get; init; }
}

public sealed record SendStep(int Line, string StepId) : ScenarioStep(Line);

/// <summary>The JGZ acknowledges a handover (one child, or all).</summary>
public sealed record AcknowledgeStep(int Line, string StepId) : ScenarioStep(Line)
{
    public int? Child { get; init; }
}

/// <summary>What must be true at this point of the journey.</summary>
public sealed record ExpectStep(int Line) : ScenarioStep(Line)
{
    public IReadOnlyList<string> Open { get; init; } = [];
    public IReadOnlyList<string> NotOpen { get; init; } = [];
    public IReadOnlyList<string> Cancelled { get; init; } = [];
    public IReadOnlyList<string> Escalated { get; init; } = [];
    public IReadOnlyList<string> Overdue { get; init; } = [];
    public IReadOnlyDictionary<string, string> Decided { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, DateOnly> Due { get; init; } = new Dictionary<string, DateOnly>();
    public IReadOnlyDictionary<string, string> Organisation { get; init; } = new Dictionary<string, string>();
    public string? Status { get; init; }
    public string? Phase { get; init; }
}
