using Blauwdruk.Engine.Pathways;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// A region's changes to one exact template version: its organisations and municipalities, local
/// steps, switched-off optional steps, shortened deadlines, instructions, referral options, its
/// screening instrument and the holidays its working days skip. Read by <see cref="OverlayReader"/>, applied by <see cref="OverlayMerge"/>.
/// </summary>
public sealed record Overlay
{
    /// <summary>The region's id (e.g. rijnmond-zuid), which is also the operational pathway's id.</summary>
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public PathwayStatus Status { get; init; } = PathwayStatus.Draft;
    public string? Publisher { get; init; }
    public required TemplateReference Template { get; init; }

    /// <summary>The region's choice of holidays for deadlines in working days; null keeps the template's.</summary>
    public HolidayCalendar? WorkingDays { get; init; }

    public IReadOnlyList<OrganisationDefinition> Organisations { get; init; } = [];
    public IReadOnlyList<MunicipalityDefinition> Municipalities { get; init; } = [];
    public IReadOnlyList<QuestionnaireDefinition> Questionnaires { get; init; } = [];
    public IReadOnlyList<FactDefinition> Facts { get; init; } = [];

    /// <summary>The region's values for the standard's settings (within their bounds), by id.</summary>
    public IReadOnlyDictionary<string, int> Settings { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<AddedStep> AddedSteps { get; init; } = [];
    public IReadOnlyList<string> RemovedSteps { get; init; } = [];
    public IReadOnlyList<StepChange> ChangedSteps { get; init; } = [];
    public IReadOnlyList<StepReferrals> Referrals { get; init; } = [];

    /// <summary>The file it was read from.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The overlay text, as stored with a version.</summary>
    public required string Source { get; init; }
}

/// <summary>A local step placed on the arrow from <see cref="After"/> to <see cref="Before"/>.</summary>
public sealed record AddedStep(string After, string Before, StepDefinition Step);

/// <summary>What a region changes of one template step; null means unchanged.</summary>
public sealed record StepChange(string StepId)
{
    public Deadline? Deadline { get; init; }
    public string? Role { get; init; }
    public string? Questionnaire { get; init; }
    public string? Instructions { get; init; }
    public string? Description { get; init; }

    /// <summary>
    /// The outcome ids an overlay wrote for the step. Read only to be refused with the rule: the outcomes
    /// of the standard's steps are not a region's to change (the Meldcode's report above all).
    /// </summary>
    public IReadOnlyList<string>? Outcomes { get; init; }
}

/// <summary>The local organisations a referral step refers to.</summary>
public sealed record StepReferrals(string StepId, IReadOnlyList<ReferralOption> Options);
