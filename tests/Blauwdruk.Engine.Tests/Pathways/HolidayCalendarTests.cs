using System.Globalization;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

public class HolidayCalendarTests
{
    private static readonly HolidayCalendar GoodFriday = new(GoodFriday: true);
    private static readonly HolidayCalendar LiberationDayEveryYear = new(LiberationDayEveryYear: true);

    private static DateOnly Date(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_is_computed(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), HolidayCalendar.EasterSunday(year));
    }

    [Theory]
    [InlineData("2026-01-01", true)]  // Nieuwjaarsdag
    [InlineData("2026-04-06", true)]  // Tweede Paasdag
    [InlineData("2026-04-27", true)]  // Koningsdag
    [InlineData("2025-04-26", true)]  // Koningsdag op zaterdag omdat 27 april een zondag is
    [InlineData("2025-04-28", false)] // en niet op de maandag erna
    [InlineData("2026-05-14", true)]  // Hemelvaartsdag
    [InlineData("2026-05-15", false)] // de vrijdag na Hemelvaart is geen feestdag
    [InlineData("2026-05-25", true)]  // Tweede Pinksterdag
    [InlineData("2025-05-05", true)]  // Bevrijdingsdag in een lustrumjaar
    [InlineData("2026-05-05", false)] // geen lustrumjaar
    [InlineData("2026-04-03", false)] // Goede Vrijdag
    [InlineData("2027-03-26", false)] // Goede Vrijdag
    [InlineData("2026-12-25", true)]
    [InlineData("2026-12-26", true)]
    public void The_default_has_the_national_holidays_as_most_caos_count_them(string date, bool holiday)
    {
        Assert.Equal(holiday, HolidayCalendar.Default.IsHoliday(Date(date)));
    }

    [Fact]
    public void Good_Friday_is_a_working_day_by_default_and_a_holiday_when_the_calendar_says_so()
    {
        var goodFriday = Date("2027-03-26");

        Assert.True(HolidayCalendar.Default.IsWorkingDay(goodFriday));
        Assert.False(GoodFriday.IsWorkingDay(goodFriday));
        Assert.False(LiberationDayEveryYear.IsHoliday(goodFriday));
    }

    [Fact]
    public void Liberation_day_is_a_holiday_in_lustrum_years_by_default_and_every_year_when_the_calendar_says_so()
    {
        Assert.True(HolidayCalendar.Default.IsWorkingDay(Date("2026-05-05")));
        Assert.False(HolidayCalendar.Default.IsWorkingDay(Date("2025-05-05")));
        Assert.True(HolidayCalendar.Default.IsWorkingDay(Date("2027-05-05")));

        Assert.False(LiberationDayEveryYear.IsWorkingDay(Date("2026-05-05")));
        Assert.False(LiberationDayEveryYear.IsWorkingDay(Date("2025-05-05")));
        Assert.True(GoodFriday.IsWorkingDay(Date("2026-05-05")));
    }

    [Fact]
    public void Both_options_are_the_days_of_the_algemene_termijnenwet()
    {
        var calendar = new HolidayCalendar(LiberationDayEveryYear: true, GoodFriday: true);

        Assert.Equal(HolidayCalendar.AlgemeneTermijnenwet, calendar);
        Assert.True(calendar.IsHoliday(Date("2026-04-03")));
        Assert.True(calendar.IsHoliday(Date("2026-05-05")));
        Assert.StartsWith("maandag t/m vrijdag, zonder de feestdagen van de Algemene termijnenwet", calendar.ToString(), StringComparison.Ordinal);
        Assert.Contains("zoals de meeste cao's", HolidayCalendar.Default.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-03-25", 5, false, "2027-04-02")] // Goede Vrijdag telt mee, Tweede Paasdag niet
    [InlineData("2027-03-25", 5, true, "2027-04-05")]  // Goede Vrijdag en Tweede Paasdag tellen niet mee
    [InlineData("2027-04-05", -5, true, "2027-03-25")]
    [InlineData("2026-11-21", 1, false, "2026-11-23")] // zaterdag telt vanaf maandag
    public void Working_days_skip_weekends_and_the_calendars_holidays(string start, int days, bool goodFriday, string expected)
    {
        Assert.Equal(Date(expected), new HolidayCalendar(GoodFriday: goodFriday).AddWorkingDays(Date(start), days));
    }
}
