namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// The days a deadline in working days ("5 werkdagen") does not count: Saturdays, Sundays and the
/// holidays below. A pathway carries one (<c>workingDays</c> in the pathway language); a region's
/// overlay may choose its own. Dates only: which day it is in the Netherlands is the runtime's concern.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is the national public holidays as most collective agreements (cao's) count
/// them, "landelijke feestdagen zoals de meeste cao's": Nieuwjaarsdag (1 January), Tweede Paasdag,
/// Koningsdag (27 April, 26 April when the 27th is a Sunday), Hemelvaartsdag, Tweede Pinksterdag,
/// Eerste and Tweede Kerstdag (25 and 26 December), and Bevrijdingsdag (5 May) only in lustrum years
/// (2025, 2030, …); Good Friday is a working day. Easter Sunday and Whit Sunday are Sundays anyway.
/// <para>
/// <see cref="LiberationDayEveryYear"/> makes 5 May a holiday every year; <see cref="GoodFriday"/>
/// makes Good Friday one. With both, the holidays are those of the Algemene termijnenwet, art. 3: the
/// "algemeen erkende feestdagen" of the first paragraph (among them "de vijfde mei", every year) and
/// Goede Vrijdag, equated with them by the second. Days equated by a decision under the third paragraph
/// (such as the Friday after Ascension Day in some years) are not counted in either case.
/// </para>
/// </remarks>
/// <param name="LiberationDayEveryYear">Bevrijdingsdag (5 May) is a holiday every year, not only in lustrum years.</param>
/// <param name="GoodFriday">Goede Vrijdag (the Friday before Easter) is a holiday.</param>
public sealed record HolidayCalendar(bool LiberationDayEveryYear = false, bool GoodFriday = false)
{
    /// <summary>The national public holidays as most cao's count them (see the remarks).</summary>
    public static HolidayCalendar Default { get; } = new();

    /// <summary>Both options: the holidays of the Algemene termijnenwet.</summary>
    public static HolidayCalendar AlgemeneTermijnenwet { get; } = new(LiberationDayEveryYear: true, GoodFriday: true);

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public bool IsHoliday(DateOnly date)
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
            || ((date.Month, date.Day) is (5, 5) && (LiberationDayEveryYear || date.Year % 5 == 0))
            || (GoodFriday && date == easter.AddDays(-2));
    }

    /// <summary>
    /// The date <paramref name="days"/> working days after <paramref name="date"/> (before it, when
    /// negative). Starting on a weekend or holiday counts from the next working day.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        var step = Math.Sign(days);
        for (var counted = 0; counted < Math.Abs(days);)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
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

    /// <summary>In words, for the pathway's pages, its print and the diff.</summary>
    public override string ToString() => (LiberationDayEveryYear, GoodFriday) switch
    {
        (true, true) => "maandag t/m vrijdag, zonder de feestdagen van de Algemene termijnenwet (ook Goede Vrijdag en elk jaar Bevrijdingsdag)",
        (true, false) => "maandag t/m vrijdag, zonder de landelijke feestdagen zoals de meeste cao's, met Bevrijdingsdag elk jaar; Goede Vrijdag is een werkdag",
        (false, true) => "maandag t/m vrijdag, zonder de landelijke feestdagen zoals de meeste cao's en Goede Vrijdag; Bevrijdingsdag alleen in lustrumjaren",
        _ => "maandag t/m vrijdag, zonder de landelijke feestdagen zoals de meeste cao's (Bevrijdingsdag alleen in lustrumjaren; Goede Vrijdag is een werkdag)",
    };
}
