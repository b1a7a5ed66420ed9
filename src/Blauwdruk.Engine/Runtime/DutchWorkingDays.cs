using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Working days as Dutch care organisations count them ("Veilig Thuis: safety assessment within 5
/// working days"), on Dutch dates (Europe/Amsterdam), whatever the server's time zone. Which days are
/// working days is the pathway's <see cref="HolidayCalendar"/>; the time-zone helpers need none.
/// </summary>
public static class DutchWorkingDays
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>The Dutch time zone (Europe/Amsterdam).</summary>
    public static TimeZoneInfo Zone => Amsterdam;

    /// <summary>
    /// The moment <paramref name="days"/> working days of <paramref name="calendar"/> after
    /// <paramref name="start"/> (before it, when negative), at the same Dutch time of day. Starting on a
    /// weekend or holiday counts from the next working day.
    /// </summary>
    public static DateTimeOffset Add(HolidayCalendar calendar, DateTimeOffset start, int days)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = TimeZoneInfo.ConvertTime(start, Amsterdam);
        var date = calendar.AddWorkingDays(DateOnly.FromDateTime(local.DateTime), days);
        var wallClock = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(wallClock, Amsterdam.GetUtcOffset(wallClock)).ToUniversalTime();
    }

    /// <summary>The end of a Dutch calendar day (midnight after it, Europe/Amsterdam), as a UTC moment.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Amsterdam.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The Dutch offset from UTC on a day (one hour in winter, two in summer), at noon.</summary>
    public static TimeSpan OffsetOn(DateOnly day) => Amsterdam.GetUtcOffset(day.ToDateTime(new TimeOnly(12, 0)));

    /// <summary>Dutch (nl-NL): month names, decimal commas.</summary>
    public static System.Globalization.CultureInfo Culture { get; } = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A date as a Dutch reader writes it: "3 december 2026".</summary>
    public static string Written(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>The Dutch calendar date of a moment.</summary>
    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Amsterdam).DateTime);
}
