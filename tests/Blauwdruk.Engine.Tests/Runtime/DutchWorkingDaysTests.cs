using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

public class DutchWorkingDaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_is_computed(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DutchWorkingDays.EasterSunday(year));
    }

    [Theory]
    [InlineData("2026-04-06", true)]  // tweede paasdag
    [InlineData("2026-04-27", true)]  // Koningsdag
    [InlineData("2025-04-26", true)]  // Koningsdag op zaterdag omdat 27 april een zondag is
    [InlineData("2026-05-14", true)]  // Hemelvaartsdag
    [InlineData("2026-05-25", true)]  // tweede pinksterdag
    [InlineData("2025-05-05", true)]  // Bevrijdingsdag in een lustrumjaar
    [InlineData("2026-05-05", false)] // geen lustrumjaar
    [InlineData("2026-04-03", false)] // Goede Vrijdag is geen algemene vrije dag
    [InlineData("2026-12-26", true)]
    public void Public_holidays_are_known(string date, bool holiday)
    {
        Assert.Equal(holiday, DutchWorkingDays.IsPublicHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-04-24T09:00:00+02:00", 5, "2026-05-04T09:00:00+02:00")] // over Koningsdag heen
    [InlineData("2026-12-24T14:00:00+01:00", 5, "2027-01-04T14:00:00+01:00")] // kerst en nieuwjaar
    [InlineData("2026-11-20T16:30:00+01:00", 1, "2026-11-23T16:30:00+01:00")] // vrijdag → maandag
    [InlineData("2026-11-21T10:00:00+01:00", 1, "2026-11-23T10:00:00+01:00")] // zaterdag telt vanaf maandag
    [InlineData("2026-03-27T10:00:00+01:00", 2, "2026-03-31T10:00:00+02:00")] // over de zomertijd heen, zelfde kloktijd
    [InlineData("2026-05-04T09:00:00+02:00", -5, "2026-04-24T09:00:00+02:00")]
    public void Working_days_skip_weekends_and_holidays_in_dutch_time(string start, int days, string expected)
    {
        var due = DutchWorkingDays.Add(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), days);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }
}
