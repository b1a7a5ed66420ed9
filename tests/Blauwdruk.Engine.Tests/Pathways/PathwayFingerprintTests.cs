using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>The content hash knows the holiday calendar, so a region that changes it needs a new version.</summary>
public class PathwayFingerprintTests
{
    private const string StandardWorkingDays = "workingDays:\n  liberationDayEveryYear: false\n  goodFriday: false\n";

    private static readonly string Rijnmond = TestPathways.Region("rijnmond-zuid");

    private static string Hash(string overlay)
    {
        var merged = TestPathways.MergeOverlay(overlay);
        Assert.True(merged.IsValid, string.Join("\n", merged.Errors));
        return PathwayFingerprint.Of(merged.Definition!);
    }

    [Fact]
    public void A_changed_calendar_changes_the_hash()
    {
        var standard = Hash(Rijnmond);

        Assert.NotEqual(standard, Hash(Rijnmond.Replace(StandardWorkingDays, "workingDays:\n  goodFriday: true\n", StringComparison.Ordinal)));
        Assert.NotEqual(standard, Hash(Rijnmond.Replace(StandardWorkingDays, "workingDays:\n  liberationDayEveryYear: true\n", StringComparison.Ordinal)));
        Assert.NotEqual(PathwayFingerprint.Of(TestPathways.Standard), PathwayFingerprint.Of(TestPathways.Standard with { WorkingDays = HolidayCalendar.AlgemeneTermijnenwet }));
    }

    [Fact]
    public void Writing_the_default_calendar_out_is_the_same_pathway_as_leaving_it_out()
    {
        Assert.Equal(Hash(Rijnmond), Hash(Rijnmond.Replace(StandardWorkingDays, "", StringComparison.Ordinal)));
    }
}
