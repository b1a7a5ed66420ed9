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
    /// <summary>Numbers the standard leaves to the region within bounds; facts read them as <c>%id</c>.</summary>
    public IReadOnlyList<SettingDefinition> Settings { get; init; } = [];

    public IReadOnlyList<FactDefinition> Facts { get; init; } = [];

    /// <summary>Every step, those of the main flow and those of the sub-pathways; ids are unique across the file.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    public IReadOnlyList<SubpathwayDefinition> Subpathways { get; init; } = [];
    public IReadOnlyList<SignalDefinition> Signals { get; init; } = [];

    /// <summary>The days a deadline in working days skips (<c>workingDays</c>); an operational pathway's comes from its overlay, else from the template.</summary>
    public HolidayCalendar WorkingDays { get; init; } = HolidayCalendar.Default;

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

    /// <summary>
    /// A rule's condition as a person reads it: each <c>%fact</c> (or setting) by its label in quotes, <c>.not()</c> as
    /// "niet", <c>and</c>/<c>or</c> as "en"/"of" — e.g. "‘hulp mogelijk’ en niet ‘acute onveiligheid’".
    /// </summary>
    public string ConditionInWords(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var words = System.Text.RegularExpressions.Regex.Replace(expression, @"%([A-Za-z][A-Za-z0-9]*)(\.not\(\))?",
            m => (m.Groups[2].Success ? "niet " : "") + ((FindFact(m.Groups[1].Value)?.Label ?? Settings.FirstOrDefault(s => s.Id == m.Groups[1].Value)?.Label) is { } label
                ? $"‘{label.ToLower(System.Globalization.CultureInfo.GetCultureInfo("nl-NL"))}’"
                : m.Groups[1].Value));
        return System.Text.RegularExpressions.Regex.Replace(words, @"\b(and|or)\b", m => m.Value == "and" ? "en" : "of");
    }

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

    /// <summary>
    /// The questionnaire whose answers the fact weighs with a threshold of that instrument (two of the
    /// three questions about eigen hulpbronnen): a region that swaps the questionnaire restates the fact.
    /// </summary>
    public string? Instrument { get; init; }
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
