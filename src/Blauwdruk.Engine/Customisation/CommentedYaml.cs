using System.Globalization;
using Blauwdruk.Engine.Pathways;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// A YAML mapping read with its comments, to be changed as a tree and written back with each comment
/// where its node is written now. A block of comment lines stays before the key or list item it stood
/// before, a comment after a value stays beside it, and one about a node that was removed goes with it.
/// List items are known by their id (or <c>step</c>, <c>code</c>) where they have one, so a comment
/// follows its item when others come or go. YamlDotNet's representation model drops comments; this
/// keeps them, so a file written by hand keeps what its authors wrote in it.
/// </summary>
internal sealed class CommentedYaml
{
    private readonly IReadOnlyList<KeptComment> _comments;

    private CommentedYaml(YamlMappingNode root, IReadOnlyList<KeptComment> comments) => (Root, _comments) = (root, comments);

    /// <summary>The tree as read; changes to it are what <see cref="ToYaml"/> writes.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>
    /// A comment of the text as read and where it belongs: before the node at <see cref="Anchor"/> (whole
    /// lines, as written), or beside it (<see cref="Inline"/>); no anchor is the end of the file.
    /// </summary>
    private sealed record KeptComment(string? Anchor, IReadOnlyList<string> Lines, bool Inline);

    /// <summary>
    /// Reads YAML text of one document whose root is a mapping; null, with the error positioned in
    /// <paramref name="file"/>, when it is not YAML or not that (<paramref name="notAMapping"/> says what was expected).
    /// </summary>
    public static CommentedYaml? Parse(string text, string file, string notAMapping, out PathwayError? error)
    {
        if (!PositionedYaml.TryLoad(text, file, out var stream, out error))
        {
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            // Only one document is written back; a second would be lost.
            error = new PathwayError(file, 1, 1, notAMapping);
            return null;
        }

        return new CommentedYaml(root, CommentsOf(text, root));
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
        YamlMappingNode mapping => PositionedYaml.Scalar(mapping, "id") ?? PositionedYaml.Scalar(mapping, "step") ?? PositionedYaml.Scalar(mapping, "code")
            ?? (PositionedYaml.Child(mapping, "step") is YamlMappingNode step ? PositionedYaml.Scalar(step, "id") : null),
        _ => null,
    };

    public string ToYaml()
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(Root)).Save(writer, assignAnchors: false);
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
}
