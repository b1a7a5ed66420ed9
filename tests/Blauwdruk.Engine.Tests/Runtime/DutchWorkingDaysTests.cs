using System.Globalization;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

public class DutchWorkingDaysTests
{
    private static DateTimeOffset Moment(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-04-24T09:00:00+02:00", 5, "2026-05-04T09:00:00+02:00")] // over Koningsdag heen
    [InlineData("2026-12-24T14:00:00+01:00", 5, "2027-01-04T14:00:00+01:00")] // kerst en nieuwjaar
    [InlineData("2026-11-20T16:30:00+01:00", 1, "2026-11-23T16:30:00+01:00")] // vrijdag → maandag
    [InlineData("2026-11-21T10:00:00+01:00", 1, "2026-11-23T10:00:00+01:00")] // zaterdag telt vanaf maandag
    [InlineData("2026-03-27T10:00:00+01:00", 2, "2026-03-31T10:00:00+02:00")] // over de zomertijd heen, zelfde kloktijd
    [InlineData("2026-05-04T09:00:00+02:00", -5, "2026-04-24T09:00:00+02:00")]
    [InlineData("2026-04-03T23:30:00+00:00", 1, "2026-04-07T01:30:00+02:00")] // in Amsterdam al zaterdag 4 april; daarna Pasen
    public void Working_days_skip_weekends_and_holidays_in_dutch_time(string start, int days, string expected)
    {
        var due = DutchWorkingDays.Add(HolidayCalendar.Default, Moment(start), days);

        Assert.Equal(Moment(expected), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void The_pathways_calendar_decides_which_days_count()
    {
        // Thursday before Easter 2027, 10:00 in Amsterdam (winter time); summer time starts on Easter Sunday.
        var start = Moment("2027-03-25T10:00:00+01:00");

        Assert.Equal(Moment("2027-04-02T10:00:00+02:00"), DutchWorkingDays.Add(HolidayCalendar.Default, start, 5));
        Assert.Equal(Moment("2027-04-05T10:00:00+02:00"), DutchWorkingDays.Add(new HolidayCalendar(GoodFriday: true), start, 5));
    }
}
