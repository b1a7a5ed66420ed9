using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests;

/// <summary>The repository's pathways as the tests see them (copied next to the test binaries).</summary>
internal static class TestPathways
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "pathways");

    public static readonly string StandardFile = Path.Combine(Directory, "blauwdruk", "blauwdruk.yaml");

    private static readonly Lazy<PathwayDefinition> LazyStandard = new(() => PathwayReader.ReadFile(StandardFile).GetValidDefinition());

    /// <summary>The standard Blauwdruk, read and checked once.</summary>
    public static PathwayDefinition Standard => LazyStandard.Value;

    /// <summary>Every template file, relative to <see cref="Directory"/>, for theories.</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "blauwdruk"), "*.yaml"))
        {
            data.Add(Path.GetRelativePath(Directory, file));
        }

        return data;
    }
}
