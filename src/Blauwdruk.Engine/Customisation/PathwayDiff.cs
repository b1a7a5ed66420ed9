using System.Globalization;
using System.Text;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Customisation;

public enum DiffKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One difference of an operational pathway from its template, for one step and property.</summary>
public sealed record DiffEntry(string StepId, string Label, DiffKind Kind, string? Property = null, string? Old = null, string? New = null)
{
    /// <summary>What the coordinator must know about this change (a kept sentence about safety), in Dutch; null when nothing.</summary>
    public string? Warning { get; init; }
}

/// <summary>
/// What an operational pathway changes against the template it derives from, step by step; a region's
/// own working days come first, as the entry <see cref="WorkingDaysEntry"/>.
/// </summary>
public sealed record PathwayDiff(
    TemplateReference Template,
    string PathwayId,
    string Version,
    string Hash,
    IReadOnlyList<MunicipalityDefinition> Municipalities,
    IReadOnlyList<OrganisationDefinition> Organisations,
    IReadOnlyList<DiffEntry> Changes)
{
    /// <summary>The <see cref="DiffEntry.StepId"/> of a changed holiday calendar, which is no step.</summary>
    public const string WorkingDaysEntry = "workingDays";

    public static PathwayDiff Compare(PathwayDefinition template, PathwayDefinition operational)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(operational);
        var changes = new List<DiffEntry>();
        if (template.WorkingDays != operational.WorkingDays)
        {
            changes.Add(new DiffEntry(WorkingDaysEntry, "Werkdagen", DiffKind.Changed, "workingDays", template.WorkingDays.ToString(), operational.WorkingDays.ToString()));
        }

        // The region's own values for the standard's settings (e.g. the thresholds of kwetsbaar), after the working days.
        foreach (var setting in operational.Settings)
        {
            if (template.Settings.FirstOrDefault(s => s.Id == setting.Id) is { } standard && standard.Value != setting.Value)
            {
                changes.Add(new DiffEntry($"settings.{setting.Id}", setting.Label, DiffKind.Changed, "value",
                    standard.Value.ToString(CultureInfo.InvariantCulture), setting.Value.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var before = template.Steps.ToDictionary(s => s.Id);
        var after = operational.Steps.ToDictionary(s => s.Id);

        foreach (var step in operational.Steps.Where(s => !before.ContainsKey(s.Id)))
        {
            changes.Add(new DiffEntry(step.Id, step.Label, DiffKind.Added, New: Describe(operational, step)));
        }

        foreach (var step in template.Steps.Where(s => !after.ContainsKey(s.Id)))
        {
            changes.Add(new DiffEntry(step.Id, step.Label, DiffKind.Removed, Old: Describe(template, step)));
        }

        foreach (var (id, old) in before.Where(p => after.ContainsKey(p.Key)))
        {
            var updated = after[id];
            void Compare(string property, string? a, string? b)
            {
                if (a != b)
                {
                    changes.Add(new DiffEntry(id, updated.Label, DiffKind.Changed, property, a, b));
                }
            }

            // A changed text of the standard that speaks of safety: its sentence on safety was kept, and the region reads which.
            void CompareText(string property, string? a, string? b)
            {
                if (a != b)
                {
                    var kept = SafetyText.Sentences(a);
                    changes.Add(new DiffEntry(id, updated.Label, DiffKind.Changed, property, a, b)
                    {
                        Warning = kept.Count == 0 ? null
                            : $"De tekst van de standaard gaat hier over veiligheid. Die zin blijft altijd staan; de tekst van de regio komt erachter: '{string.Join(" ", kept)}'",
                    });
                }
            }

            Compare("label", old.Label, updated.Label);
            CompareText("description", old.Description, updated.Description);
            CompareText("instructions", old.Instructions, updated.Instructions);
            Compare("role", old.Role is null ? null : template.RoleLabel(old.Role), updated.Role is null ? null : operational.RoleLabel(updated.Role));
            Compare("involved", Join(old.Involved.Select(template.RoleLabel)), Join(updated.Involved.Select(operational.RoleLabel)));
            Compare("questionnaire", old.Questionnaire, updated.Questionnaire);
            Compare("deadline", Deadline(old.Deadline), Deadline(updated.Deadline));
            Compare("next", Arrows(template, old), Arrows(operational, updated));
            Compare("referrals", Join(old.ReferralOptions.Select(r => r.Label)), Join(updated.ReferralOptions.Select(r => r.Label)));
        }

        foreach (var fact in operational.Facts)
        {
            var old = template.FindFact(fact.Id);
            if (old is null)
            {
                changes.Add(new DiffEntry("%" + fact.Id, fact.Label, DiffKind.Added, New: fact.Expression));
            }
            else if (old.Expression != fact.Expression)
            {
                changes.Add(new DiffEntry("%" + fact.Id, fact.Label, DiffKind.Changed, "expression", old.Expression, fact.Expression));
            }
        }

        // Against an earlier operational version (which has organisations, unlike the standard): who joined and who left.
        if (template.Organisations.Count > 0 || template.Municipalities.Count > 0)
        {
            changes.AddRange(Members(template.Organisations, operational.Organisations, o => o.Id, o => o.Name, "organisation"));
            changes.AddRange(Members(template.Municipalities, operational.Municipalities, m => m.Code, m => $"{m.Name} ({m.Code})", "municipality"));
            foreach (var organisation in operational.Organisations)
            {
                if (template.Organisations.FirstOrDefault(o => o.Id == organisation.Id) is { } earlier)
                {
                    var entry = $"organisation:{organisation.Id}";
                    if (earlier.Phone != organisation.Phone)
                    {
                        changes.Add(new DiffEntry(entry, organisation.Name, DiffKind.Changed, "phone", earlier.Phone, organisation.Phone));
                    }

                    if (earlier.Email != organisation.Email)
                    {
                        changes.Add(new DiffEntry(entry, organisation.Name, DiffKind.Changed, "email", earlier.Email, organisation.Email));
                    }
                }
            }
        }

        var order = operational.Steps.Select((s, i) => (s.Id, Index: i)).Concat(template.Steps.Select((s, i) => (s.Id, Index: i + 10_000)))
            .Append((Id: WorkingDaysEntry, Index: -2))
            .Concat(operational.Settings.Select(s => (Id: $"settings.{s.Id}", Index: -1)))
            .GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Min(p => p.Index));
        return new PathwayDiff(
            operational.DerivesFrom ?? new TemplateReference(template.Id, template.Version),
            operational.Id,
            operational.Version,
            PathwayFingerprint.Of(operational),
            operational.Municipalities,
            operational.Organisations,
            changes.OrderBy(c => order.GetValueOrDefault(c.StepId, int.MaxValue)).ThenBy(c => c.Kind).ToList());
    }

    private static IEnumerable<DiffEntry> Members<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, Func<T, string> name, string kind) =>
        after.Where(a => before.All(b => key(b) != key(a))).Select(a => new DiffEntry($"{kind}:{key(a)}", name(a), DiffKind.Added, kind))
            .Concat(before.Where(b => after.All(a => key(a) != key(b))).Select(b => new DiffEntry($"{kind}:{key(b)}", name(b), DiffKind.Removed, kind)));

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Operationeel zorgpad {PathwayId} {Version} ten opzichte van {Template.Template} {Template.Version}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Inhoudshash: {Hash}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Gemeenten ({Municipalities.Count}): {string.Join(", ", Municipalities.Select(m => $"{m.Name} ({m.Code})"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Organisaties ({Organisations.Count}): {string.Join(", ", Organisations.Select(o => o.Name))}");
        text.AppendLine();
        if (Changes.Count == 0)
        {
            text.AppendLine("Geen wijzigingen in de stappen.");
        }

        foreach (var step in Changes.GroupBy(c => c.StepId))
        {
            var first = step.First();
            switch (first.Kind)
            {
                case DiffKind.Added or DiffKind.Removed when first.Property is { } member:
                    text.AppendLine(CultureInfo.InvariantCulture, $"{(first.Kind == DiffKind.Added ? "+" : "-")} {PropertyLabel(member)} {first.Label}  ({MemberLabel(first.Kind)})");
                    break;
                case DiffKind.Added:
                    text.AppendLine(CultureInfo.InvariantCulture, $"+ {first.StepId}  {first.Label}  (nieuw: {first.New})");
                    break;
                case DiffKind.Removed:
                    text.AppendLine(CultureInfo.InvariantCulture, $"- {first.StepId}  {first.Label}  (uitgeschakeld)");
                    break;
                default:
                    text.AppendLine(CultureInfo.InvariantCulture, $"~ {first.StepId}  {first.Label}");
                    foreach (var change in step)
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $"    {PropertyLabel(change.Property!)}: {change.Old ?? "—"} → {change.New ?? "—"}");
                        if (change.Warning is { } warning)
                        {
                            text.AppendLine(CultureInfo.InvariantCulture, $"    ! {warning}");
                        }
                    }

                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>An organisation or municipality that joined or left, in words.</summary>
    public static string MemberLabel(DiffKind kind) => kind == DiffKind.Added ? "toegevoegd" : "verwijderd";

    /// <summary>A changed property as the coordinator reads it: "termijn", not <c>deadline</c>.</summary>
    public static string PropertyLabel(string property) => property switch
    {
        "label" => "naam",
        "description" => "omschrijving",
        "instructions" => "instructies",
        "role" => "verantwoordelijke rol",
        "involved" => "betrokken rollen",
        "questionnaire" => "vragenlijst",
        "deadline" => "termijn",
        "next" => "vervolg",
        "referrals" => "verwijsmogelijkheden",
        "expression" => "regel van het feit",
        "workingDays" => "werkdagen",
        "organisation" => "organisatie",
        "municipality" => "gemeente",
        "phone" => "telefoon",
        "email" => "e-mail",
        _ => property,
    };

    private static string Describe(PathwayDefinition definition, StepDefinition step) =>
        string.Join(" · ", new[] { StepKindLabels.Of(step.Kind), step.Role is null ? null : definition.RoleLabel(step.Role), Deadline(step.Deadline), "vervolg " + Arrows(definition, step) }
            .Where(p => p is not null));

    private static string? Deadline(Deadline? deadline) => deadline?.ToString();

    private static string? Join(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : null;

    /// <summary>Where a step goes next, by the steps' names and the conditions in words (the reader of a diff edits no file).</summary>
    private static string Arrows(PathwayDefinition definition, StepDefinition step) => string.Join(", ", step.Transitions.Select(t =>
    {
        var to = definition.FindStep(t.To)?.Label ?? t.To;
        return t switch
        {
            { Outcome: { } outcome } => $"{to} (bij {step.Outcomes.FirstOrDefault(o => o.Id == outcome)?.Label ?? outcome})",
            { When: { } when } => $"{to} (als {definition.ConditionInWords(when)})",
            { IsDefault: true } when step.Transitions.Count > 1 => $"{to} (anders)",
            _ => to,
        };
    }));
}
