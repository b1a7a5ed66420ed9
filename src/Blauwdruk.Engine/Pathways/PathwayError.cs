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
