using YamlDotNet.Core;

namespace Blauwdruk.Engine.Pathways;

/// <summary>A problem in a pathway file, positioned so an author can find it. Messages are Dutch.</summary>
public sealed record PathwayError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>A pathway file that could not be read as a valid pathway.</summary>
public sealed class InvalidPathwayException(IReadOnlyList<PathwayError> errors)
    : Exception("Ongeldig zorgpad:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<PathwayError> Errors { get; } = errors;
}

/// <summary>
/// Where each element of a pathway was written, by key: <c>step:INTAKE</c>, <c>step:INTAKE.role</c>,
/// <c>step:INTAKE.transitions[1].when</c>, <c>fact:ppsScore.expression</c>, <c>signal:birth.goesTo</c>.
/// Keys point at the value. A merged operational pathway combines the template's map with the
/// overlay's, so a problem is reported in the file where the element was written.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, (string File, Mark Mark)> _marks = [];

    public string File { get; }

    public SourceMap(string file) => File = file;

    internal void Add(string key, Mark mark) => _marks[key] = (File, mark);

    /// <summary>Takes every position of <paramref name="other"/>, replacing this map's for the same key.</summary>
    internal void Overlay(SourceMap other)
    {
        foreach (var (key, value) in other._marks)
        {
            _marks[key] = value;
        }
    }

    /// <summary>Points <paramref name="key"/> at where <paramref name="fromKey"/> was written in <paramref name="from"/>.</summary>
    internal void Alias(string key, SourceMap from, string fromKey)
    {
        if (from._marks.TryGetValue(fromKey, out var found))
        {
            _marks[key] = found;
        }
    }

    /// <summary>A copy whose own file is <paramref name="file"/>; positions keep their files.</summary>
    internal SourceMap CopyFor(string file)
    {
        var copy = new SourceMap(file);
        copy.Overlay(this);
        return copy;
    }

    public bool Contains(string key) => _marks.ContainsKey(key);

    /// <summary>The ids declared with a prefix (<c>fact</c>, <c>role</c>, …), also those whose definition had errors.</summary>
    public IEnumerable<string> Declared(string prefix) =>
        _marks.Keys.Where(k => k.StartsWith(prefix + ":", StringComparison.Ordinal) && !k.Contains('.', StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 1)..]);

    /// <summary>The position of the first key that was recorded, or the top of this map's file.</summary>
    public (int Line, int Column) At(params string[] keys)
    {
        var (_, line, column) = Locate(keys);
        return (line, column);
    }

    public PathwayError Error(string message, params string[] keys)
    {
        var (file, line, column) = Locate(keys);
        return new PathwayError(file, line, column, message);
    }

    private (string File, int Line, int Column) Locate(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            if (_marks.TryGetValue(key, out var found))
            {
                return (found.File, (int)found.Mark.Line, (int)found.Mark.Column);
            }
        }

        return (File, 1, 1);
    }
}
