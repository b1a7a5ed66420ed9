using Hl7.FhirPath;

namespace Blauwdruk.Engine.Pathways;

public enum StepKind
{
    /// <summary>Work for a person in a role: the step opens a task and waits for its completion.</summary>
    Task,

    /// <summary>An exclusive choice: the first transition whose condition holds, else the default.</summary>
    Decision,

    /// <summary>All branches start at once.</summary>
    Parallel,

    /// <summary>
    /// Waits until an arrival on every incoming arrow (BPMN's parallel join). Alternative paths are
    /// brought together with a <see cref="Merge"/> first.
    /// </summary>
    Join,

    /// <summary>Alternative paths come together here and go on at once (BPMN's exclusive merge).</summary>
    Merge,

    /// <summary>Waits for a signal (e.g. the birth).</summary>
    Wait,

    /// <summary>Waits until a moment (e.g. six weeks after the birth).</summary>
    Timer,

    /// <summary>A structured FHIR handover to youth healthcare, prepared by a role.</summary>
    Handover,

    /// <summary>Runs a sub-pathway, then continues.</summary>
    Subpathway,

    /// <summary>This path ends here.</summary>
    End,
}

public enum StepPhase
{
    Any,
    Prenatal,
    Postnatal,
}

public enum HandoverKind
{
    Prenatal,
    Postnatal,
}

public sealed record StepDefinition
{
    public required string Id { get; init; }
    public required StepKind Kind { get; init; }
    public required string Label { get; init; }
    public string? Description { get; init; }
    public string? Instructions { get; init; }

    /// <summary>A free-text field the task page offers and the completion keeps (<see cref="Runtime.CompleteTask.Note"/>).</summary>
    public StepNote? Note { get; init; }

    /// <summary>
    /// What the step means for the client, for her own page: plain Dutch at language level B1, "u". A step
    /// without it is not shown to her (a step of the Meldcode route never is, unless disclosed to her).
    /// </summary>
    public string? ClientText { get; init; }

    /// <summary>
    /// A handover step: the parts (<c>HandoverDocument.Parts</c>) the region's privacy framework needs for the
    /// handover to be useful. The client cannot leave them out; she can still refuse the handover as a whole.
    /// </summary>
    public IReadOnlyList<string> RequiredSections { get; init; } = [];

    /// <summary>The sub-pathway this step belongs to; null for the main flow.</summary>
    public string? Within { get; init; }

    public StepPhase Phase { get; init; } = StepPhase.Any;

    /// <summary>The responsible role of a task or handover step.</summary>
    public string? Role { get; init; }

    /// <summary>Other roles that take part.</summary>
    public IReadOnlyList<string> Involved { get; init; } = [];

    /// <summary>The questionnaire filled in with this task.</summary>
    public string? Questionnaire { get; init; }

    public IReadOnlyList<OutcomeDefinition> Outcomes { get; init; } = [];

    /// <summary>What must hold over the record before the task can be completed at all (e.g. the afwegingskader answered).</summary>
    public IReadOnlyList<Requirement> Requires { get; init; } = [];

    public Deadline? Deadline { get; init; }

    /// <summary>Where to go next. For a parallel step: every branch. For a decision: the first that holds, else the default.</summary>
    public IReadOnlyList<Transition> Transitions { get; init; } = [];

    /// <summary>The signal a wait step waits for.</summary>
    public string? Event { get; init; }

    /// <summary>The moment a timer step waits until.</summary>
    public Deadline? Until { get; init; }

    public HandoverKind? Handover { get; init; }

    /// <summary>The role that receives the handover (e.g. jgz-verpleegkundige).</summary>
    public string? Recipient { get; init; }

    /// <summary>The sub-pathway a sub-pathway step runs.</summary>
    public string? Subpathway { get; init; }

    public CustomisationPolicy Customisation { get; init; } = CustomisationPolicy.Default;

    /// <summary>In an operational pathway: the local organisations this step refers to.</summary>
    public IReadOnlyList<ReferralOption> ReferralOptions { get; init; } = [];

    /// <summary>Set on steps a region added in its overlay.</summary>
    public bool AddedByRegion { get; init; }

    public IEnumerable<string> Successors => Transitions.Select(t => t.To);

    /// <summary>Whether a person does this step (and so needs a responsible role).</summary>
    public bool IsHuman => Kind is StepKind.Task or StepKind.Handover;
}

public sealed record OutcomeDefinition(string Id, string Label)
{
    /// <summary>What must hold over the record for this outcome to be chosen; otherwise the completion is refused with the reason.</summary>
    public IReadOnlyList<Requirement> Requires { get; init; } = [];

    /// <summary>Choosing it means the step's questionnaire was not filled in (not taken, refused): no answers are recorded with it.</summary>
    public bool NoAnswers { get; init; }

    /// <summary>Choosing it makes the rest of this route urgent: later steps use their deadline's <c>urgent</c> term.</summary>
    public bool Urgent { get; init; }
}

/// <summary>A step's free-text field: what the professional records in her own words (the Meldcode's signals), kept with the completion.</summary>
public sealed record StepNote(string Label, bool Required)
{
    /// <summary>The longest note the engine keeps.</summary>
    public const int MaxLength = 2000;
}

/// <summary>
/// A rule a completion must keep: a FHIRPath condition over the record (with the answers the completion
/// brings), and the Dutch reason, naming the rule, given when it does not hold.
/// </summary>
public sealed record Requirement(string When, string Reason)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public CompiledExpression? Condition { get; init; }
}

/// <summary>An arrow to another step, taken when its outcome was chosen or its condition holds, or as the default.</summary>
public sealed record Transition(string To)
{
    public string? Outcome { get; init; }

    /// <summary>A FHIRPath condition over the record; facts are available as <c>%factId</c>.</summary>
    public string? When { get; init; }

    public CompiledExpression? Condition { get; init; }

    public bool IsDefault { get; init; }

    public bool IsUnconditional => Outcome is null && When is null && !IsDefault;
}
