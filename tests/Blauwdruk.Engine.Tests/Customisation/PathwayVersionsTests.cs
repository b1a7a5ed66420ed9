using Blauwdruk.Engine.Customisation;

namespace Blauwdruk.Engine.Tests.Customisation;

public class PathwayVersionsTests
{
    [Theory]
    [InlineData("1.0.0", "1.1.0")]
    [InlineData("1.9.3", "1.10.0")]
    [InlineData("2.1.0-concept", "2.2.0")]
    [InlineData("3", "3.1.0")]
    public void After_a_published_version_the_next_draft_proposes_the_next_minor_version(string published, string next)
    {
        Assert.Equal(next, PathwayVersions.NextVersion(published));
    }
}
