namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Working days as Dutch care organisations count them ("Veilig Thuis: safety assessment within 5
/// working days"): Monday to Friday, without the national public holidays. Dates are Dutch dates
/// (Europe/Amsterdam), whatever the server's time zone.
/// </summary>
public static class DutchWorkingDays
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>
    /// The moment <paramref name="days"/> working days after <paramref name="start"/> (before it,
    /// when negative), at the same time of day. Starting on a weekend or holiday counts from the
    /// next working day.
    /// </summary>
    public static DateTimeOffset Add(DateTimeOffset start, int days)
    {
        var local = TimeZoneInfo.ConvertTime(start, Amsterdam);
        var date = DateOnly.FromDateTime(local.DateTime);
        var step = Math.Sign(days);
        for (var counted = 0; counted < Math.Abs(days);)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        var wallClock = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(wallClock, Amsterdam.GetUtcOffset(wallClock)).ToUniversalTime();
    }

    /// <summary>The end of a Dutch calendar day (midnight after it, Europe/Amsterdam), as a UTC moment.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Amsterdam.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The Dutch calendar date of a moment.</summary>
    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Amsterdam).DateTime);

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    /// <summary>
    /// The national holidays of the Algemene termijnenwet: New Year's Day, Easter and Whit Monday,
    /// Ascension Day, King's Day (26 April when the 27th is a Sunday), Christmas and Boxing Day, and
    /// Liberation Day in lustrum years. Good Friday is not a general day off and is not counted.
    /// Easter Sunday and Whit Sunday fall on Sundays and are skipped anyway.
    /// </summary>
    public static bool IsPublicHoliday(DateOnly date)
    {
        var easter = EasterSunday(date.Year);
        var kingsDay = new DateOnly(date.Year, 4, 27);
        if (kingsDay.DayOfWeek == DayOfWeek.Sunday)
        {
            kingsDay = kingsDay.AddDays(-1);
        }

        return (date.Month, date.Day) is (1, 1) or (12, 25) or (12, 26)
            || date == easter.AddDays(1)
            || date == easter.AddDays(39)
            || date == easter.AddDays(50)
            || date == kingsDay
            || (date.Month == 5 && date.Day == 5 && date.Year % 5 == 0);
    }

    /// <summary>Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
