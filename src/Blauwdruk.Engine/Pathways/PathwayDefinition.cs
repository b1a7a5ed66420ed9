using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// A pathway as the runtime executes it: the standard template or a region's operational pathway.
/// Immutable; produced only by <see cref="PathwayReader"/>, which has checked it.
/// </summary>
public sealed record PathwayDefinition
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required PathwayStatus Status { get; init; }
    public string? Publisher { get; init; }
    public string? Description { get; init; }

    /// <summary>For an operational pathway: the template version it derives from.</summary>
    public TemplateReference? DerivesFrom { get; init; }

    public required string StartStepId { get; init; }
    public required IReadOnlyList<RoleDefinition> Roles { get; init; }
    public IReadOnlyList<QuestionnaireDefinition> Questionnaires { get; init; } = [];
    public IReadOnlyList<FactDefinition> Facts { get; init; } = [];

    /// <summary>Every step, those of the main flow and those of the sub-pathways; ids are unique across the file.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    public IReadOnlyList<SubpathwayDefinition> Subpathways { get; init; } = [];
    public IReadOnlyList<SignalDefinition> Signals { get; init; } = [];

    /// <summary>For an operational pathway: the region's organisations and the roles they hold.</summary>
    public IReadOnlyList<OrganisationDefinition> Organisations { get; init; } = [];

    /// <summary>For an operational pathway: the municipalities it covers, with their local organisations.</summary>
    public IReadOnlyList<MunicipalityDefinition> Municipalities { get; init; } = [];

    public bool IsOperational => DerivesFrom is not null;

    public OrganisationDefinition? FindOrganisation(string id) => Organisations.FirstOrDefault(o => o.Id == id);

    /// <summary>The organisations that hold a role in a municipality.</summary>
    public IEnumerable<OrganisationDefinition> OrganisationsFor(string role, string municipality) =>
        Organisations.Where(o => o.Roles.Contains(role) && (o.Municipalities.Count == 0 || o.Municipalities.Contains(municipality)));

    /// <summary>The file it was read from, for messages; not part of the pathway's meaning.</summary>
    public required string SourceFile { get; init; }

    public StepDefinition Step(string stepId) =>
        FindStep(stepId) ?? throw new KeyNotFoundException($"Pathway {Id} {Version} has no step '{stepId}'.");

    public StepDefinition? FindStep(string stepId) => Steps.FirstOrDefault(s => s.Id == stepId);

    public RoleDefinition? FindRole(string roleId) => Roles.FirstOrDefault(r => r.Id == roleId);

    /// <summary>
    /// The roles that start a pathway and lead the care (the hoofdbehandelaar): the first step's role and
    /// the roles involved in it, for the Blauwdruk the verloskundige and the gynaecoloog.
    /// </summary>
    public IReadOnlyList<string> LeadRoles =>
        FindStep(StartStepId) is { Role: { } role } first ? [role, .. first.Involved] : [.. Roles.Select(r => r.Id)];

    public string RoleLabel(string roleId) => FindRole(roleId)?.Label ?? roleId;

    public SubpathwayDefinition? FindSubpathway(string id) => Subpathways.FirstOrDefault(s => s.Id == id);

    public SignalDefinition? FindSignal(string id) => Signals.FirstOrDefault(s => s.Id == id);

    public QuestionnaireDefinition? FindQuestionnaire(string id) => Questionnaires.FirstOrDefault(q => q.Id == id);

    public FactDefinition? FindFact(string id) => Facts.FirstOrDefault(f => f.Id == id);

    /// <summary>The steps of the main flow (not of a sub-pathway).</summary>
    public IEnumerable<StepDefinition> MainSteps => Steps.Where(s => s.Within is null);

    public IEnumerable<StepDefinition> StepsOf(SubpathwayDefinition subpathway) =>
        Steps.Where(s => s.Within == subpathway?.Id);
}

public enum PathwayStatus
{
    Draft,
    Active,
    Retired,
}

public sealed record TemplateReference(string Template, string Version);

/// <summary>An organisation in a region (practice, hospital, kraamzorg, JGZ, wijkteam, Veilig Thuis).</summary>
public sealed record OrganisationDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>URA number (UZI register), for authorisation and the FHIR Organization identifier.</summary>
    public string? Ura { get; init; }

    /// <summary>AGB code (Vektis).</summary>
    public string? Agb { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The CBS codes of the municipalities it serves; empty means all of the region.</summary>
    public IReadOnlyList<string> Municipalities { get; init; } = [];

    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }

    /// <summary>How users of this organisation are known in their tokens: <c>ura:</c> and the URA number, else the id.</summary>
    public string ActorId => Ura is null ? Id : $"ura:{Ura}";
}

/// <summary>A municipality of the region, with the organisations a client there is handed to.</summary>
public sealed record MunicipalityDefinition
{
    /// <summary>CBS code, e.g. GM0599.</summary>
    public required string Code { get; init; }
    public required string Name { get; init; }

    /// <summary>The JGZ organisation that receives the handovers.</summary>
    public string? Jgz { get; init; }

    /// <summary>The wijkteam or Centrum voor Jeugd en Gezin.</summary>
    public string? Wijkteam { get; init; }

    /// <summary>The Veilig Thuis organisation of the region.</summary>
    public string? VeiligThuis { get; init; }
}

/// <summary>A local organisation a referral step can refer to.</summary>
public sealed record ReferralOption(string Organisation, string Label, string? Instructions);

/// <param name="CareTeam">Whether the role has a care relationship with the client (and so may raise a safety concern).</param>
/// <param name="Assignment">Who holds the role for a client: an organisation of the region, or whoever raised the signal.</param>
public sealed record RoleDefinition(string Id, string Label, bool CareTeam = true, RoleAssignment Assignment = RoleAssignment.Organisation);

public enum RoleAssignment
{
    /// <summary>An organisation of the region holds the role, per municipality.</summary>
    Organisation,

    /// <summary>The professional who raised the signal that started the step (the Meldcode's "melder").</summary>
    Raiser,
}

/// <summary>A FHIR R4 Questionnaire the pathway uses, read from a JSON file next to the pathway.</summary>
public sealed record QuestionnaireDefinition(string Id, string File, Questionnaire Resource)
{
    public string Url => Resource.Url ?? "";
}

/// <summary>A named FHIRPath expression over the instance record, compiled once when the pathway is read.</summary>
public sealed record FactDefinition(string Id, string Label, string Expression, CompiledExpression Compiled)
{
    /// <summary>A psychosocial risk factor: when the fact is true, the JGZ handover reports it (with its label).</summary>
    public bool RiskFactor { get; init; }
}

/// <summary>A named part of the pathway with its own start (the Meldcode route), entered by a step or a signal.</summary>
public sealed record SubpathwayDefinition(string Id, string Title, string StartStepId, string? Description);

/// <summary>Something that may happen at any moment of the pathway, like a BPMN event sub-process.</summary>
public sealed record SignalDefinition
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public string? Description { get; init; }

    /// <summary>The roles that may raise it; empty means every role with a care relationship.</summary>
    public IReadOnlyList<string> RaisedBy { get; init; } = [];

    /// <summary>A sub-pathway started alongside the running pathway, which goes on (non-interrupting).</summary>
    public string? Starts { get; init; }

    /// <summary>Open steps of this phase are cancelled when the signal arrives (interrupting).</summary>
    public StepPhase? Interrupts { get; init; }

    /// <summary>The step the pathway continues with after an interrupting signal.</summary>
    public string? GoesTo { get; init; }

    /// <summary>The clinical date the signal records (the birth records the birth date).</summary>
    public DeadlineAnchor? Records { get; init; }
}

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

public sealed record OutcomeDefinition(string Id, string Label);

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

/// <summary>A span of time: calendar time, or working days (weekends and Dutch public holidays skipped).</summary>
public sealed record PathwayDuration(TimeSpan Calendar, int WorkingDays = 0)
{
    public static PathwayDuration Days(int days) => new(TimeSpan.FromDays(days));

    public static PathwayDuration Working(int days) => new(TimeSpan.Zero, days);

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

    public override string ToString() => (Anchor, BeforeAnchor) switch
    {
        (DeadlineAnchor.Activation, _) => $"binnen {Duration}",
        (_, true) => $"{Duration} vóór {AnchorLabel(Anchor)}",
        _ => $"binnen {Duration} na {AnchorLabel(Anchor)}",
    };

    public static string AnchorLabel(DeadlineAnchor anchor) => anchor switch
    {
        DeadlineAnchor.ExpectedDeliveryDate => "de uitgerekende datum",
        DeadlineAnchor.BirthDate => "de geboorte",
        _ => "de start van de stap",
    };
}

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
