using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Customisation;

/// <summary>A task the region adds between two steps of the standard.</summary>
public sealed record LocalStep(string Id, string Label, string? Role, string After, string Before, string? Deadline);

/// <summary>An organisation of a region and how to reach it.</summary>
public sealed record OrganisationContact(string Id, string Name, string? Phone, string? Email);

/// <summary>
/// A region's overlay file as the Designer's forms edit it: the YAML itself, changed in place (a step's
/// deadline and instructions under <c>steps.change</c>, an optional step under <c>steps.remove</c>, the
/// version), so what the forms save is the file a region could write by hand, and a file written by hand
/// opens in the forms. Its comments stay with what they stand before (a block of comment lines) or beside
/// (a comment after a value); a comment about something removed goes with it. Checking is left to the engine's own checks
/// (<see cref="PathwayVersions.Check"/>), whose errors name the line this document reports per field.
/// </summary>
public sealed class OverlayDocument
{
    private readonly YamlMappingNode _root;
    private readonly IReadOnlyList<KeptComment> _comments;

    private OverlayDocument(YamlMappingNode root, IReadOnlyList<KeptComment> comments) => (_root, _comments) = (root, comments);

    /// <summary>
    /// A comment of the text as read and where it belongs: before the node at <see cref="Anchor"/> (whole
    /// lines, as written), or beside it (<see cref="Inline"/>); no anchor is the end of the file.
    /// </summary>
    private sealed record KeptComment(string? Anchor, IReadOnlyList<string> Lines, bool Inline);

    /// <summary>Reads an overlay; null when the text is not a YAML mapping (the engine's checks say why).</summary>
    public static OverlayDocument? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root ? new OverlayDocument(root, CommentsOf(yaml, root)) : null;
    }

    /// <summary>Finds the comments with YamlDotNet's scanner (a '#' inside a quoted value is no comment) and anchors each to a node.</summary>
    private static List<KeptComment> CommentsOf(string yaml, YamlMappingNode root)
    {
        var paths = PathsByLine(root);
        var contentLines = paths.Keys.Order().ToList();
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var comments = new List<KeptComment>();
        var block = new List<int>();
        void EndBlock()
        {
            if (block.Count == 0)
            {
                return;
            }

            var next = contentLines.FirstOrDefault(line => line > block[^1]);
            var text = block.Select(line => lines[line - 1]).ToList();
            if (block[0] > 1 && lines[block[0] - 2].Trim().Length == 0)
            {
                text.Insert(0, ""); // the empty line that set it apart
            }

            comments.Add(new KeptComment(next == 0 ? null : paths[next], text, Inline: false));
            block.Clear();
        }

        var scanner = new Scanner(new StringReader(yaml), skipComments: false);
        while (scanner.MoveNext())
        {
            if (scanner.Current is not YamlDotNet.Core.Tokens.Comment comment)
            {
                continue;
            }

            var line = (int)comment.Start.Line;
            if (comment.IsInline)
            {
                comments.Add(new KeptComment(paths.GetValueOrDefault(line), [lines[line - 1][((int)comment.Start.Column - 1)..]], Inline: true));
            }
            else
            {
                if (block.Count > 0 && line != block[^1] + 1)
                {
                    EndBlock();
                }

                block.Add(line);
            }
        }

        EndBlock();
        return comments;
    }

    /// <summary>
    /// Each line that starts a key or a list item, with that node's path (<c>/steps/change[ID_BSN]/deadline</c>):
    /// list items by their id where they have one, so a comment follows its item when others come or go.
    /// </summary>
    private static Dictionary<int, string> PathsByLine(YamlNode node, string path = "", Dictionary<int, string>? lines = null)
    {
        lines ??= [];
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                var at = $"{path}/{(key as YamlScalarNode)?.Value}";
                lines.TryAdd((int)key.Start.Line, at);
                PathsByLine(value, at, lines);
            }
        }
        else if (node is YamlSequenceNode sequence)
        {
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var item = sequence.Children[i];
                var at = $"{path}[{Identity(item) ?? i.ToString(CultureInfo.InvariantCulture)}]";
                lines.TryAdd((int)item.Start.Line, at);
                PathsByLine(item, at, lines);
            }
        }

        return lines;
    }

    private static string? Identity(YamlNode item) => item switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlMappingNode mapping => Scalar(mapping, "id") ?? Scalar(mapping, "step") ?? Scalar(mapping, "code")
            ?? (Child(mapping, "step") is YamlMappingNode step ? Scalar(step, "id") : null),
        _ => null,
    };

    public string? Version
    {
        get => Scalar(_root, "version");
        set => Set(_root, "version", value);
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

    /// <summary>The region's organisations with their contact details, as written in the file.</summary>
    public IReadOnlyList<OrganisationContact> Organisations() =>
        OrganisationNodes()
            .Select(o => (Node: o, Contact: Child(o, "contact") as YamlMappingNode))
            .Select(o => new OrganisationContact(
                Scalar(o.Node, "id") ?? "",
                Scalar(o.Node, "name") ?? "",
                o.Contact is null ? null : Scalar(o.Contact, "phone"),
                o.Contact is null ? null : Scalar(o.Contact, "email")))
            .ToList();

    /// <summary>The roles an organisation holds and the municipalities it serves (none: the whole region).</summary>
    public (IReadOnlyList<string> Roles, IReadOnlyList<string> Municipalities) Coverage(string organisationId) =>
        Organisation(organisationId) is { } organisation
            ? (Strings(organisation, "roles"), Strings(organisation, "municipalities"))
            : ([], []);

    public void SetRoles(string organisationId, IEnumerable<string> roles) => SetStrings(organisationId, "roles", roles);

    /// <summary>The municipalities an organisation serves; none means the whole region.</summary>
    public void SetMunicipalities(string organisationId, IEnumerable<string> municipalities) => SetStrings(organisationId, "municipalities", municipalities);

    /// <summary>Adds an organisation of the region (its id and name; roles, municipalities and contacts follow in the form).</summary>
    public void AddOrganisation(string id, string name)
    {
        if (Child(_root, "organisations") is not YamlSequenceNode organisations)
        {
            organisations = new YamlSequenceNode();
            _root.Children[new YamlScalarNode("organisations")] = organisations;
        }

        organisations.Children.Add(new YamlMappingNode { { "id", id.Trim() }, { "name", name.Trim() } });
    }

    private IEnumerable<YamlMappingNode> OrganisationNodes() =>
        (Child(_root, "organisations") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    private YamlMappingNode? Organisation(string organisationId) => OrganisationNodes().FirstOrDefault(o => Scalar(o, "id") == organisationId);

    private static List<string> Strings(YamlMappingNode mapping, string key) =>
        (Child(mapping, key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList() ?? [];

    private void SetStrings(string organisationId, string key, IEnumerable<string> values)
    {
        var organisation = Organisation(organisationId) ?? throw new ArgumentException($"No organisation '{organisationId}' in the overlay.", nameof(organisationId));
        var list = values.Distinct().ToList();
        if (list.Count == 0)
        {
            organisation.Children.Remove(new YamlScalarNode(key));
            return;
        }

        organisation.Children[new YamlScalarNode(key)] = new YamlSequenceNode(list.Select(v => new YamlScalarNode(v))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
    }

    /// <summary>Sets an organisation's <c>phone</c> or <c>email</c>; empty removes it.</summary>
    public void SetContact(string organisationId, string field, string? value)
    {
        if (field is not ("phone" or "email"))
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "A contact is a phone or an email.");
        }

        var organisation = Organisation(organisationId) ?? throw new ArgumentException($"No organisation '{organisationId}' in the overlay.", nameof(organisationId));
        if (Child(organisation, "contact") is not YamlMappingNode contact)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            contact = new YamlMappingNode();
            organisation.Children[new YamlScalarNode("contact")] = contact;
        }

        Set(contact, field, string.IsNullOrWhiteSpace(value) ? null : value.Trim());
        if (contact.Children.Count == 0)
        {
            organisation.Children.Remove(new YamlScalarNode("contact"));
        }
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
            if (Child(_root, "referrals") is not YamlSequenceNode referrals)
            {
                referrals = new YamlSequenceNode();
                _root.Children[new YamlScalarNode("referrals")] = referrals;
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
        if (options.Children.Count == 0 && Child(_root, "referrals") is YamlSequenceNode referrals)
        {
            foreach (var entry in referrals.Children.OfType<YamlMappingNode>().Where(r => Scalar(r, "step") == stepId).ToList())
            {
                referrals.Children.Remove(entry);
            }

            if (referrals.Children.Count == 0)
            {
                _root.Children.Remove(new YamlScalarNode("referrals"));
            }
        }
    }

    private YamlSequenceNode? ReferralOptions(string stepId) =>
        (Child(_root, "referrals") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .FirstOrDefault(r => Scalar(r, "step") == stepId) is { } entry
            ? Child(entry, "options") as YamlSequenceNode
            : null;

    /// <summary>The line (1-based) of an organisation's contact field, for errors to land next to it.</summary>
    public int? ContactLine(string organisationId, string field) =>
        Organisation(organisationId) is { } organisation
        && Child(organisation, "contact") is YamlMappingNode contact && Child(contact, field) is { } node
            ? (int)node.Start.Line
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

    public string ToYaml()
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        text = text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
        return _comments.Count == 0 ? text : WithComments(text);
    }

    /// <summary>Puts the comments read back where their nodes are now written.</summary>
    private string WithComments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var lineOf = new Dictionary<string, int>();
        foreach (var (line, path) in PathsByLine(stream.Documents[0].RootNode))
        {
            lineOf.TryAdd(path, line);
        }

        var lines = text.TrimEnd('\n').Split('\n');
        var before = new Dictionary<int, List<string>>();
        var beside = new Dictionary<int, string>();
        var atEnd = new List<string>();
        foreach (var comment in _comments)
        {
            if (comment.Anchor is null)
            {
                atEnd.AddRange(comment.Lines);
            }
            else if (!lineOf.TryGetValue(comment.Anchor, out var line))
            {
                continue; // what it was about is gone
            }
            else if (comment.Inline)
            {
                beside[line] = comment.Lines[0];
            }
            else
            {
                if (!before.TryGetValue(line, out var block))
                {
                    before[line] = block = [];
                }

                block.AddRange(comment.Lines);
            }
        }

        var output = new System.Text.StringBuilder();
        for (var number = 1; number <= lines.Length; number++)
        {
            // Indented as the line it stands before is now written.
            var indent = lines[number - 1][..(lines[number - 1].Length - lines[number - 1].TrimStart().Length)];
            foreach (var comment in before.GetValueOrDefault(number) ?? [])
            {
                output.Append(comment.Length == 0 ? "" : indent + comment.TrimStart()).Append('\n');
            }

            output.Append(lines[number - 1]);
            if (beside.TryGetValue(number, out var note))
            {
                output.Append(' ').Append(note);
            }

            output.Append('\n');
        }

        foreach (var comment in atEnd)
        {
            output.Append(comment).Append('\n');
        }

        return output.ToString();
    }

    private YamlMappingNode? Steps(bool create)
    {
        if (Child(_root, "steps") is YamlMappingNode steps)
        {
            return steps;
        }

        if (!create)
        {
            return null;
        }

        steps = new YamlMappingNode();
        _root.Children[new YamlScalarNode("steps")] = steps;
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

    private static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

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
