using Blauwdruk.Engine.Pathways;
using YamlDotNet.RepresentationModel;
using static Blauwdruk.Engine.Pathways.PositionedYaml;

namespace Blauwdruk.Engine.Customisation;

/// <summary>A task the region adds between two steps of the standard.</summary>
public sealed record LocalStep(string Id, string Label, string? Role, string After, string Before, string? Deadline);

/// <summary>
/// A region's overlay file as the Designer's forms edit it: the YAML itself, changed in place (a step's
/// deadline and instructions under <c>steps.change</c>, an optional step under <c>steps.remove</c>, the
/// version), so what the forms save is the file a region could write by hand, and a file written by hand
/// opens in the forms, with its comments kept (<see cref="CommentedYaml"/>). Checking is left to the engine's own checks
/// (<see cref="PathwayVersions.Check"/>), whose errors name the line this document reports per field.
/// </summary>
public sealed partial class OverlayDocument
{
    private readonly CommentedYaml _yaml;

    private OverlayDocument(CommentedYaml yaml) => _yaml = yaml;

    private YamlMappingNode Root => _yaml.Root;

    /// <summary>Reads an overlay; null when the text is not a YAML mapping (the engine's checks say why).</summary>
    public static OverlayDocument? Parse(string yaml) => Parse(yaml, "overlay.yaml", out _);

    /// <summary>Reads an overlay; null, with the error positioned in <paramref name="file"/>, when the text is not one YAML mapping.</summary>
    internal static OverlayDocument? Parse(string yaml, string file, out PathwayError? error)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return CommentedYaml.Parse(yaml, file, OverlayReader.NotAnOverlay, out error) is { } read ? new OverlayDocument(read) : null;
    }

    public string? Version
    {
        get => Scalar(Root, "version");
        set => Set(Root, "version", value);
    }

    /// <summary>The deadline the region set for a template step (its <c>within</c>), or null when it keeps the standard's.</summary>
    public string? Deadline(string stepId) =>
        Change(stepId, create: false) is { } change && Child(change, "deadline") is { } deadline
            ? deadline is YamlMappingNode mapping ? Scalar(mapping, "within") : ((YamlScalarNode)deadline).Value
            : null;

    /// <summary>Sets the region's deadline (an ISO 8601 duration such as P7D); empty returns to the standard's. A deadline with an anchor keeps it.</summary>
    public void SetDeadline(string stepId, string? within)
    {
        if (!string.IsNullOrWhiteSpace(within) && Change(stepId, create: false) is { } change && Child(change, "deadline") is YamlMappingNode mapping)
        {
            Set(mapping, "within", within.Trim());
            return;
        }

        SetChanged(stepId, "deadline", within);
    }

    public string? Instructions(string stepId) => Changed(stepId, "instructions");

    public void SetInstructions(string stepId, string? instructions) => SetChanged(stepId, "instructions", instructions);

    /// <summary>The questionnaire (screening instrument) the region chose for a step, or null for the standard's.</summary>
    public string? Questionnaire(string stepId) => Changed(stepId, "questionnaire");

    public void SetQuestionnaire(string stepId, string? questionnaire) => SetChanged(stepId, "questionnaire", questionnaire);

    private string? Changed(string stepId, string field) => Change(stepId, create: false) is { } change ? Scalar(change, field) : null;

    /// <summary>Sets a scalar field of a step's change; empty removes it (and the change when nothing is left).</summary>
    private void SetChanged(string stepId, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (Change(stepId, create: false) is { } existing)
            {
                existing.Children.Remove(new YamlScalarNode(field));
                DropIfEmpty(existing);
            }

            return;
        }

        Set(Change(stepId, create: true)!, field, value.Trim());
    }

    /// <summary>The region's own steps (<c>steps.add</c>): id, label, role and where they go.</summary>
    public IReadOnlyList<LocalStep> LocalSteps() =>
        (Child(Steps(create: false), "add") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .Select(entry => (Between: Child(entry, "between") as YamlSequenceNode, Step: Child(entry, "step") as YamlMappingNode))
            .Where(e => e.Step is not null)
            .Select(e => new LocalStep(
                Scalar(e.Step!, "id") ?? "",
                Scalar(e.Step!, "label") ?? "",
                Scalar(e.Step!, "role"),
                (e.Between?.Children.ElementAtOrDefault(0) as YamlScalarNode)?.Value ?? "",
                (e.Between?.Children.ElementAtOrDefault(1) as YamlScalarNode)?.Value ?? "",
                Scalar(e.Step!, "deadline")))
            .ToList() ?? [];

    /// <summary>Adds a task of the region's own between two steps of the standard.</summary>
    public void AddLocalStep(LocalStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var steps = Steps(create: true)!;
        if (Child(steps, "add") is not YamlSequenceNode added)
        {
            added = new YamlSequenceNode();
            steps.Children.Add(new YamlScalarNode("add"), added);
        }

        var definition = new YamlMappingNode { { "id", step.Id.Trim() }, { "kind", "task" }, { "label", step.Label.Trim() } };
        if (!string.IsNullOrWhiteSpace(step.Role))
        {
            definition.Add("role", step.Role);
        }

        if (!string.IsNullOrWhiteSpace(step.Deadline))
        {
            definition.Add("deadline", step.Deadline.Trim());
        }

        added.Children.Add(new YamlMappingNode
        {
            { "between", new YamlSequenceNode(new YamlScalarNode(step.After), new YamlScalarNode(step.Before)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } },
            { "step", definition },
        });
    }

    public void RemoveLocalStep(string stepId)
    {
        if (Steps(create: false) is not { } steps || Child(steps, "add") is not YamlSequenceNode added)
        {
            return;
        }

        foreach (var entry in added.Children.OfType<YamlMappingNode>().Where(e => Child(e, "step") is YamlMappingNode s && Scalar(s, "id") == stepId).ToList())
        {
            added.Children.Remove(entry);
        }

        if (added.Children.Count == 0)
        {
            steps.Children.Remove(new YamlScalarNode("add"));
        }
    }

    /// <summary>
    /// The lines (1-based, first and last) of a local step's definition, so that an error on any of its
    /// fields (its role, its deadline, where it goes) is shown with the step.
    /// </summary>
    public (int First, int Last)? LocalStepLines(string stepId) =>
        (Child(Steps(create: false), "add") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .FirstOrDefault(e => Child(e, "step") is YamlMappingNode s && Scalar(s, "id") == stepId) is { } entry
            ? ((int)entry.Start.Line, (int)entry.AllNodes.Max(n => n.Start.Line))
            : null;

    /// <summary>The local organisations a step refers to (<c>referrals</c>), as written.</summary>
    public IReadOnlyList<Pathways.ReferralOption> Referrals(string stepId) =>
        ReferralOptions(stepId)?.Children.OfType<YamlMappingNode>()
            .Select(o => new Pathways.ReferralOption(Scalar(o, "organisation") ?? "", Scalar(o, "label") ?? "", Scalar(o, "instructions")))
            .ToList() ?? [];

    /// <summary>Adds a referral option to a step.</summary>
    public void AddReferral(string stepId, string organisation, string label)
    {
        if (ReferralOptions(stepId) is not { } options)
        {
            if (Child(Root, "referrals") is not YamlSequenceNode referrals)
            {
                referrals = new YamlSequenceNode();
                Root.Children[new YamlScalarNode("referrals")] = referrals;
            }

            options = new YamlSequenceNode();
            referrals.Children.Add(new YamlMappingNode { { "step", stepId }, { "options", options } });
        }

        options.Children.Add(new YamlMappingNode { { "organisation", organisation }, { "label", label.Trim() } });
    }

    /// <summary>Removes a step's referral option; the step's entry goes when it has none left.</summary>
    public void RemoveReferral(string stepId, int index)
    {
        if (ReferralOptions(stepId) is not { } options || index < 0 || index >= options.Children.Count)
        {
            return;
        }

        options.Children.RemoveAt(index);
        if (options.Children.Count == 0 && Child(Root, "referrals") is YamlSequenceNode referrals)
        {
            foreach (var entry in referrals.Children.OfType<YamlMappingNode>().Where(r => Scalar(r, "step") == stepId).ToList())
            {
                referrals.Children.Remove(entry);
            }

            if (referrals.Children.Count == 0)
            {
                Root.Children.Remove(new YamlScalarNode("referrals"));
            }
        }
    }

    private YamlSequenceNode? ReferralOptions(string stepId) =>
        (Child(Root, "referrals") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .FirstOrDefault(r => Scalar(r, "step") == stepId) is { } entry
            ? Child(entry, "options") as YamlSequenceNode
            : null;

    public bool IsRemoved(string stepId) =>
        Child(Steps(create: false), "remove") is YamlSequenceNode removed && removed.Children.OfType<YamlScalarNode>().Any(s => s.Value == stepId);

    /// <summary>Switches an optional template step off (listed under <c>steps.remove</c>) or on again.</summary>
    public void SetRemoved(string stepId, bool removed)
    {
        if (removed == IsRemoved(stepId))
        {
            return;
        }

        var steps = Steps(create: true)!;
        if (Child(steps, "remove") is not YamlSequenceNode list)
        {
            list = new YamlSequenceNode { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
            steps.Children[new YamlScalarNode("remove")] = list;
        }

        if (removed)
        {
            list.Children.Add(new YamlScalarNode(stepId));
        }
        else
        {
            foreach (var node in list.Children.OfType<YamlScalarNode>().Where(s => s.Value == stepId).ToList())
            {
                list.Children.Remove(node);
            }
        }
    }

    /// <summary>The line (1-based) where a step's changed field is written in the text this document was read from, for errors to land next to their field.</summary>
    public int? LineOf(string stepId, string field) =>
        Change(stepId, create: false) is { } change && Child(change, field) is { } node ? (int)node.Start.Line : null;

    /// <summary>The file as changed, with the comments it was read with.</summary>
    public string ToYaml() => _yaml.ToYaml();

    private YamlMappingNode? Steps(bool create)
    {
        if (Child(Root, "steps") is YamlMappingNode steps)
        {
            return steps;
        }

        if (!create)
        {
            return null;
        }

        steps = new YamlMappingNode();
        Root.Children[new YamlScalarNode("steps")] = steps;
        return steps;
    }

    private YamlMappingNode? Change(string stepId, bool create)
    {
        var steps = Steps(create);
        if (steps is null)
        {
            return null;
        }

        if (Child(steps, "change") is not YamlSequenceNode changes)
        {
            if (!create)
            {
                return null;
            }

            changes = new YamlSequenceNode();
            steps.Children[new YamlScalarNode("change")] = changes;
        }

        var change = changes.Children.OfType<YamlMappingNode>().FirstOrDefault(c => Scalar(c, "step") == stepId);
        if (change is null && create)
        {
            change = new YamlMappingNode { { "step", stepId } };
            changes.Children.Add(change);
        }

        return change;
    }

    private void DropIfEmpty(YamlMappingNode change)
    {
        if (change.Children.Count == 1 && Steps(create: false) is { } steps && Child(steps, "change") is YamlSequenceNode changes)
        {
            changes.Children.Remove(change);
            if (changes.Children.Count == 0)
            {
                steps.Children.Remove(new YamlScalarNode("change"));
            }
        }
    }

    private static void Set(YamlMappingNode mapping, string key, string? value)
    {
        if (value is null)
        {
            mapping.Children.Remove(new YamlScalarNode(key));
            return;
        }

        mapping.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
    }
}
