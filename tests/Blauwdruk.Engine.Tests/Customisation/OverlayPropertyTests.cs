using System.Globalization;
using System.Text;
using Blauwdruk.Engine.Pathways;
using CsCheck;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>
/// Random overlays on the standard: any mix of allowed changes gives a valid operational pathway; any
/// forbidden change is refused with a message, never an exception.
/// </summary>
public class OverlayPropertyTests
{
    private static readonly PathwayDefinition Standard = TestPathways.Standard;

    /// <summary>The Rijnmond overlay's organisations and municipalities, without its own changes.</summary>
    private static readonly string RegionBase = TestPathways.Region("rijnmond-zuid").Split("\nsteps:\n")[0] + "\n";

    private static readonly string[] Optional = Standard.Steps.Where(s => s.Customisation.Optional).Select(s => s.Id).ToArray();

    private static readonly (string From, string To)[] Arrows =
        Standard.Steps.SelectMany(s => s.Successors.Distinct().Select(to => (s.Id, to))).ToArray();

    private static readonly StepDefinition[] Shortenable = Standard.Steps
        .Where(s => s.Deadline is not null && s.Customisation.Deadline == ChangeRule.ShortenOnly).ToArray();

    private static string Overlay(IEnumerable<string> removed, IEnumerable<string> changes, IEnumerable<string> added)
    {
        var yaml = new StringBuilder(RegionBase).Append("steps:\n");
        var remove = removed.ToList();
        if (remove.Count > 0)
        {
            yaml.Append("  remove: [").Append(string.Join(", ", remove)).Append("]\n");
        }

        var change = changes.ToList();
        if (change.Count > 0)
        {
            yaml.Append("  change:\n").Append(string.Concat(change));
        }

        var add = added.ToList();
        if (add.Count > 0)
        {
            yaml.Append("  add:\n").Append(string.Concat(add));
        }

        return yaml.ToString();
    }

    /// <summary>
    /// A deadline no later than the standard's: shorter after its anchor, further before it. A handover
    /// after a clinical date keeps its length: in the standard it is as long as the step it follows.
    /// </summary>
    private static string Shorter(StepDefinition step, int seed)
    {
        var deadline = step.Deadline!;
        var yaml = deadline switch
        {
            { BeforeAnchor: false, Anchor: not DeadlineAnchor.Activation } when step.Kind == StepKind.Handover =>
                $"\n        within: P{(int)deadline.Duration.Calendar.TotalDays}D\n        from: {Anchor(deadline.Anchor)}",
            { Duration.WorkingDays: > 0 and var days, Anchor: DeadlineAnchor.Activation } => $"{1 + (seed % days)} werkdagen",
            { BeforeAnchor: true } => $"\n        before: {Anchor(deadline.Anchor)}\n        by: P{(int)deadline.Duration.Calendar.TotalDays + (seed % 20)}D",
            // A step with an urgent term keeps it (a region may not drop it).
            { Anchor: DeadlineAnchor.Activation, Urgent: { } urgent } =>
                $"\n        within: P{1 + (seed % Math.Max(1, (int)deadline.Duration.Calendar.TotalDays))}D\n        urgent: {(urgent.Calendar.TotalHours < 24 ? $"PT{urgent.Calendar.TotalHours:0}H" : $"P{urgent.Calendar.TotalDays:0}D")}",
            { Anchor: DeadlineAnchor.Activation } => $"P{1 + (seed % Math.Max(1, (int)deadline.Duration.Calendar.TotalDays))}D",
            _ => $"\n        within: P{1 + (seed % Math.Max(1, (int)deadline.Duration.Calendar.TotalDays))}D\n        from: {Anchor(deadline.Anchor)}",
        };
        return $"    - step: {step.Id}\n      deadline: {yaml}\n      instructions: Lokale afspraak {seed}.\n";
    }

    private static string Anchor(DeadlineAnchor anchor) => anchor switch
    {
        DeadlineAnchor.ExpectedDeliveryDate => "expectedDeliveryDate",
        DeadlineAnchor.BirthDate => "birthDate",
        _ => "activation",
    };

    private static string LocalStep(int n, (string From, string To) arrow) =>
        $"    - between: [{arrow.From}, {arrow.To}]\n      step:\n        id: LOKAAL_{n}\n        kind: task\n        label: Lokale stap {n}\n        role: verloskundige\n        deadline: P3D\n";

    private static readonly Gen<string> AllowedOverlay =
        from removeMask in Gen.Bool.Array[Optional.Length]
        from changeMask in Gen.Bool.Array[Shortenable.Length]
        from seeds in Gen.Int[0, 1000].Array[Shortenable.Length]
        from arrowPicks in Gen.Int[0, Arrows.Length - 1].Array[0, 4]
        select Build(removeMask, changeMask, seeds, arrowPicks);

    private static string Build(bool[] removeMask, bool[] changeMask, int[] seeds, int[] arrowPicks)
    {
        var removed = Optional.Where((_, i) => removeMask[i]).ToHashSet();
        var changes = Shortenable.Where((s, i) => changeMask[i] && !removed.Contains(s.Id)).Select((s, i) => Shorter(s, seeds[i]));
        var arrows = arrowPicks.Select(i => Arrows[i]).Distinct()
            .Where(a => !removed.Contains(a.From) && !removed.Contains(a.To)).ToList();
        return Overlay(removed, changes, arrows.Select((a, n) => LocalStep(n, a)));
    }

    [Fact]
    public void Any_mix_of_allowed_changes_gives_a_valid_operational_pathway()
    {
        AllowedOverlay.Sample(yaml =>
        {
            var result = TestPathways.MergeOverlay(yaml);
            Assert.True(result.IsValid, string.Join("\n", result.Errors) + "\n" + yaml);
        }, iter: 150);
    }

    private static readonly string[] Municipalities = ["GM0599", "GM0489", "GM0613"];

    private static readonly Gen<string> ForbiddenOverlay = Gen.OneOf(
        Gen.Int[0, Standard.Steps.Count - 1].Where(i => !Standard.Steps[i].Customisation.Optional)
            .Select(i => Overlay([Standard.Steps[i].Id], [], [])),
        Gen.Int[0, Shortenable.Length - 1].Where(i => Shortenable[i].Deadline is { Anchor: DeadlineAnchor.Activation, Duration.WorkingDays: 0 })
            .SelectMany(i => Gen.Int[1, 30].Select(extra => Overlay([], [$"    - step: {Shortenable[i].Id}\n      deadline: P{(int)Shortenable[i].Deadline!.Duration.Calendar.TotalDays + extra}D\n"], []))),
        Gen.Int[0, Standard.Steps.Count - 1].Where(i => Standard.Steps[i].IsHuman && Standard.Steps[i].Customisation.Role == ChangeRule.Locked)
            .Select(i => Overlay([], [$"    - step: {Standard.Steps[i].Id}\n      role: {(Standard.Steps[i].Role == "verloskundige" ? "zorgcoordinator" : "verloskundige")}\n"], [])),
        Gen.Int[0, Standard.Steps.Count - 1].Where(i => Standard.Steps[i].Kind == StepKind.Task && Standard.Steps[i].Customisation.Questionnaire == ChangeRule.Locked)
            .Select(i => Overlay([], [$"    - step: {Standard.Steps[i].Id}\n      questionnaire: pps-screening\n"], [])),
        Gen.Select(Gen.Int[0, Standard.Steps.Count - 1], Gen.Int[0, Standard.Steps.Count - 1])
            .Where(p => !Arrows.Contains((Standard.Steps[p.Item1].Id, Standard.Steps[p.Item2].Id)))
            .Select(p => Overlay([], [], [LocalStep(0, (Standard.Steps[p.Item1].Id, Standard.Steps[p.Item2].Id))])),
        Gen.Int[0, Municipalities.Length - 1]
            .Select(i => RegionBase.Replace($"  - code: {Municipalities[i]}", $"  - code: {Municipalities[i]}\n    # zonder JGZ", StringComparison.Ordinal)
                .Replace($"    # zonder JGZ\n    name: {NameOf(i)}\n    jgz: cjg-rijnmond\n", $"    name: {NameOf(i)}\n", StringComparison.Ordinal) + "steps:\n  remove: []\n"),
        Gen.Int[4, 9].Select(minor => RegionBase.Replace("  id: blauwdruk\n  version: 1.3.0\n", $"  id: blauwdruk\n  version: 1.{minor}.0\n", StringComparison.Ordinal) + "steps:\n  remove: []\n"));

    private static string NameOf(int municipality) => municipality switch
    {
        0 => "Rotterdam",
        1 => "Barendrecht",
        _ => "Albrandswaard",
    };

    [Fact]
    public void Every_forbidden_change_is_refused_with_a_message_and_never_throws()
    {
        ForbiddenOverlay.Sample(yaml =>
        {
            var result = TestPathways.MergeOverlay(yaml);
            Assert.False(result.IsValid, "accepted a forbidden overlay:\n" + yaml);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }, iter: 300);
    }

    [Fact]
    public void The_region_base_alone_is_valid()
    {
        Assert.True(TestPathways.MergeOverlay(RegionBase + "steps:\n  remove: []\n").IsValid);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"code: GM0489"), RegionBase);
    }
}
