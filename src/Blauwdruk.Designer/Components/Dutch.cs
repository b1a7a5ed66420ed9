using Blauwdruk.Engine.Runtime;

using System.Globalization;

namespace Blauwdruk.Designer.Components;

/// <summary>Dates and times as a Dutch care professional reads them, in Dutch time.</summary>
public static class Dutch
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTimeOffset Local(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone);

    /// <summary>"3 december 2026".</summary>
    public static string Date(DateTimeOffset moment) => Local(moment).ToString("d MMMM yyyy", Culture);

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>"03-12-2026": how a date field shows a date.</summary>
    public static string Numeric(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static readonly string[] DateFormats = ["d-M-yyyy", "d/M/yyyy", "d.M.yyyy", "d M yyyy", "yyyy-MM-dd"];

    /// <summary>
    /// A date as a Dutch professional types it: day, month, year (3-12-2026, 03/12/2026, 3.12.2026), or
    /// the ISO form (2026-12-03) a pasted value may have. Never month first.
    /// </summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>"2.000": a count as Dutch writes it.</summary>
    public static string Number(int value) => value.ToString("N0", Culture);

    /// <summary>"3 december 2026, 14:05".</summary>
    public static string Moment(DateTimeOffset moment) => Local(moment).ToString("d MMMM yyyy, HH:mm", Culture);

    public static string Status(PathwayTaskStatus status) => status switch
    {
        PathwayTaskStatus.Requested => "open",
        PathwayTaskStatus.Accepted => "opgepakt",
        PathwayTaskStatus.InProgress => "bezig",
        PathwayTaskStatus.OnHold => "gepauzeerd",
        PathwayTaskStatus.Completed => "afgerond",
        PathwayTaskStatus.Cancelled => "geannuleerd",
        PathwayTaskStatus.Failed => "mislukt",
        _ => status.ToString(),
    };
}
