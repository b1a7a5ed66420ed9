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
/// Keys point at the value; a key ending in <c>#key</c> points at the field name.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, Mark> _marks = [];

    public string File { get; }

    public SourceMap(string file) => File = file;

    internal void Add(string key, Mark mark) => _marks[key] = mark;

    public bool Contains(string key) => _marks.ContainsKey(key);

    /// <summary>The ids declared with a prefix (<c>fact</c>, <c>role</c>, …), also those whose definition had errors.</summary>
    public IEnumerable<string> Declared(string prefix) =>
        _marks.Keys.Where(k => k.StartsWith(prefix + ":", StringComparison.Ordinal) && !k.Contains('.', StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 1)..]);

    /// <summary>The position of the first key that was recorded, or the top of the file.</summary>
    public (int Line, int Column) At(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            if (_marks.TryGetValue(key, out var mark))
            {
                return ((int)mark.Line, (int)mark.Column);
            }
        }

        return (1, 1);
    }

    public PathwayError Error(string message, params string[] keys)
    {
        var (line, column) = At(keys);
        return new PathwayError(File, line, column, message);
    }
}
