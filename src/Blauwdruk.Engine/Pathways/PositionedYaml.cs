using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// A YAML file read as YamlDotNet's representation model, which keeps where each node was written:
/// the readers of the pathway language (pathways, overlays, scenarios) take their fields through it,
/// so every problem names the file, line and column an author has to fix, and all are reported at once.
/// </summary>
internal sealed class PositionedYaml(string file)
{
    public SourceMap Source { get; } = new(file);
    public List<PathwayError> Errors { get; } = [];

    /// <summary>
    /// Loads YAML text; false, with the error positioned in <paramref name="file"/>, when it is not YAML.
    /// Every entry point of the pathway language loads its text here, so the same broken text gives the
    /// same error everywhere and none of them throws.
    /// </summary>
    internal static bool TryLoad(string text, string file, [NotNullWhen(true)] out YamlStream? stream, [NotNullWhen(false)] out PathwayError? error)
    {
        var loaded = new YamlStream();
        try
        {
            RefuseSelfReferences(text);
            loaded.Load(new StringReader(text));
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model rejects some documents without a position (found by the property tests).
            var at = ex is YamlException yamlError ? yamlError.Start : new Mark(0, 1, 1);
            (stream, error) = (null, new PathwayError(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), $"Geen geldige YAML: {ex.Message}"));
            return false;
        }

        (stream, error) = (loaded, null);
        return true;
    }

    /// <summary>
    /// Refuses an alias to a node it stands in (<c>? &amp;a [*a]</c>): YamlDotNet's representation model
    /// follows such a node without end, a stack overflow no catch survives, and so does anything that
    /// walks the tree. The pathway language has no use for them.
    /// </summary>
    private static void RefuseSelfReferences(string text)
    {
        var latest = new Dictionary<AnchorName, int>();
        var open = new Stack<int>();
        var parser = new Parser(new StringReader(text));
        for (var node = 0; parser.MoveNext(); node++)
        {
            switch (parser.Current)
            {
                case AnchorAlias alias when latest.TryGetValue(alias.Value, out var target) && open.Contains(target):
                    throw new YamlException(alias.Start, alias.End, $"'*{alias.Value}' verwijst naar een blok waar het zelf in staat.");
                case NodeEvent { Anchor.IsEmpty: false } anchored:
                    latest[anchored.Anchor] = node;
                    break;
            }

            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    open.Push(node);
                    break;
                case MappingEnd or SequenceEnd:
                    open.Pop();
                    break;
            }
        }
    }

    /// <summary>
    /// Loads the YAML and returns its root mapping; null, with the error recorded, when the text is not
    /// YAML or its root is not a mapping (<paramref name="notAMapping"/> says what was expected).
    /// </summary>
    internal YamlMappingNode? LoadRoot(string text, string notAMapping)
    {
        if (!TryLoad(text, Source.File, out var stream, out var error))
        {
            Errors.Add(error);
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(new Mark(0, 1, 1), notAMapping);
            return null;
        }

        return root;
    }

    internal static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>A child's text when it is a scalar, unchecked: for code that edits a file and leaves checking to the readers.</summary>
    internal static string? Scalar(YamlMappingNode? mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    internal void Error(Mark at, string message) =>
        Errors.Add(new PathwayError(Source.File, (int)at.Line, (int)at.Column, message));

    /// <summary>An error at a field's value, or at its mapping when the field is missing.</summary>
    internal void Error(YamlMappingNode mapping, string field, string message) =>
        Error(Child(mapping, field)?.Start ?? mapping.Start, message);

    /// <summary>Whether an id is new among <paramref name="earlier"/>; else an error naming the line of the first.</summary>
    internal bool Unique(YamlMappingNode mapping, string kind, string id, IEnumerable<string> earlier, string noun)
    {
        if (!earlier.Contains(id))
        {
            return true;
        }

        var (line, _) = Source.At($"{kind}:{id}");
        Error(mapping, "id", $"{noun} '{id}' is dubbel gedefinieerd (eerder op regel {line}).");
        return false;
    }

    internal T ReadEnum<T>(YamlMappingNode mapping, string field, string key, T fallback, params (string Name, T Value)[] values)
    {
        var text = OptionalString(mapping, field, key);
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in values)
        {
            if (name == text)
            {
                return value;
            }
        }

        Error(mapping, field, $"Onbekende waarde '{text}' voor '{field}': kies {string.Join(", ", values.Select(v => v.Name))}.");
        return fallback;
    }

    /// <summary>A whole number as the pathway language writes it (e.g. a setting's value or bound).</summary>
    internal static bool TryInteger(string? text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);

    internal bool? ReadBool(YamlMappingNode mapping, string field, string key)
    {
        var text = OptionalString(mapping, field, key);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Invalid(),
        };

        bool? Invalid()
        {
            Error(mapping, field, $"Veld '{field}' is true of false, niet '{text}'.");
            return null;
        }
    }

    internal List<string> StringList(YamlMappingNode mapping, string field, string key)
    {
        if (Child(mapping, field) is not { } node)
        {
            return [];
        }

        Source.Add(key, node.Start);
        if (node is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode))
        {
            Error(node.Start, $"Veld '{field}' is een lijst van namen, bijvoorbeeld [verloskundige, gynaecoloog].");
            return [];
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            Source.Add($"{key}[{i}]", sequence.Children[i].Start);
        }

        return sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
    }

    internal void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
    {
        foreach (var (key, _) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Error(key.Start, $"Onbekend veld '{name}' bij {where}; toegestaan: {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <param name="key">Where the value is recorded in <see cref="Source"/>; null records nothing.</param>
    internal string? OptionalString(YamlMappingNode mapping, string field, string? key)
    {
        if (Child(mapping, field) is not { } node)
        {
            return null;
        }

        if (key is not null)
        {
            Source.Add(key, node.Start);
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            if (TextLimits.Exceeded(field, value) is { } tooLong)
            {
                Error(node.Start, tooLong);
            }

            return value;
        }

        Error(node.Start, $"Veld '{field}' moet een tekst zijn.");
        return null;
    }

    internal string? RequiredString(YamlMappingNode mapping, string field, string where, string? key)
    {
        if (Child(mapping, field) is null)
        {
            Error(mapping.Start, $"Verplicht veld '{field}' ontbreekt bij {where}.");
            return null;
        }

        return OptionalString(mapping, field, key);
    }

    internal IEnumerable<YamlNode> OptionalSequence(YamlMappingNode mapping, string field)
    {
        if (Child(mapping, field) is not { } node)
        {
            return [];
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        Error(node.Start, $"Veld '{field}' moet een lijst zijn.");
        return [];
    }

    internal IEnumerable<YamlNode> RequiredSequence(YamlMappingNode mapping, string field, string where)
    {
        if (Child(mapping, field) is null)
        {
            Error(mapping.Start, $"Verplicht veld '{field}' ontbreekt bij {where}.");
            return [];
        }

        return OptionalSequence(mapping, field);
    }

    /// <summary>The items that are mappings; every other item is an error with <paramref name="message"/>.</summary>
    internal IEnumerable<YamlMappingNode> Mappings(IEnumerable<YamlNode> nodes, string message)
    {
        foreach (var node in nodes)
        {
            if (node is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                Error(node.Start, message);
            }
        }
    }
}
