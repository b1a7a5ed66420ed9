using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>`pathways/` is code: a broken pathway fails the build, not a ward.</summary>
public class PathwayFilesTests
{
    public static TheoryData<string> PathwayFiles() => TestPathways.Files();

    [Theory]
    [MemberData(nameof(PathwayFiles))]
    public void Every_pathway_file_is_valid(string file)
    {
        var result = PathwayReader.ReadFile(Path.Combine(TestPathways.Directory, file), file);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void The_catalog_loads_the_standard_with_dutch_labels()
    {
        var catalog = PathwayCatalog.LoadFrom(TestPathways.Directory);

        var standard = catalog.Find("blauwdruk");
        Assert.NotNull(standard);
        Assert.Equal("INTAKE", standard.StartStepId);
        Assert.Equal("Screening psychopathologie, psychosociale problemen en middelengebruik", standard.Step("SCREEN_PPS").Label);
        Assert.All(standard.Steps.Where(s => s.Kind == StepKind.Task), step => Assert.NotNull(standard.FindRole(step.Role!)));
    }
}
