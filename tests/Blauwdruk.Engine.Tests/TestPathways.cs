using Blauwdruk.Engine.Customisation;
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

    public static readonly string RegionsDirectory = Path.Combine(Directory, "regio");

    private static readonly Lazy<PathwayReadResult> LazyStandardRead = new(() => PathwayReader.ReadFile(StandardFile, "blauwdruk.yaml"));

    /// <summary>The standard as read, with its source map, for merging overlays.</summary>
    public static PathwayReadResult StandardRead => LazyStandardRead.Value;

    public static string Region(string id) => File.ReadAllText(Path.Combine(RegionsDirectory, id + ".yaml"));

    /// <summary>Merges overlay text (as file regio.yaml in pathways/regio) with the standard.</summary>
    public static MergeResult MergeOverlay(string yaml) =>
        OperationalPathways.Merge(OverlayReader.Read(yaml, "regio.yaml", RegionsDirectory), [StandardRead]);

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
