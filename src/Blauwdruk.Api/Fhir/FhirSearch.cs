using System.Globalization;
using System.Linq.Expressions;
using Hl7.Fhir.Model;
using Expression = System.Linq.Expressions.Expression;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// A FHIR search's common parameters (<c>_count</c>, <c>_offset</c>, <c>_lastUpdated</c>) read once from the
/// request, and the searchset <see cref="Bundle"/> of one page with its self/next/previous links.
/// </summary>
internal sealed class FhirSearch
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    private readonly HttpContext _http;
    private readonly TimeProvider _time;
    private readonly List<(string Prefix, DateTimeOffset Start, DateTimeOffset End)> _lastUpdated;

    private FhirSearch(HttpContext http, TimeProvider time, int offset, int count, List<(string, DateTimeOffset, DateTimeOffset)> lastUpdated)
    {
        _http = http;
        _time = time;
        Offset = offset;
        Count = count;
        _lastUpdated = lastUpdated;
    }

    public int Offset { get; }
    public int Count { get; }

    public IQueryCollection Query => _http.Request.Query;

    /// <summary>The search, or the OperationOutcome that says which parameter is wrong.</summary>
    public static (FhirSearch? Search, FhirResult? Error) Read(HttpContext http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = http.Request.Query;
        var count = DefaultCount;
        var offset = 0;
        if (query["_count"].ToString() is { Length: > 0 } c && (!int.TryParse(c, CultureInfo.InvariantCulture, out count) || count < 0 || count > MaxCount)
            || query["_offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return (null, BadParameter($"_count en _offset zijn gehele getallen; _count hoogstens {MaxCount}."));
        }

        var filters = new List<(string, DateTimeOffset, DateTimeOffset)>();
        foreach (var value in query["_lastUpdated"])
        {
            if (DateFilter(value) is not { } filter)
            {
                return (null, BadParameter($"_lastUpdated '{value}' is geen datum met een voorvoegsel (eq, ge, gt, le, lt), bijvoorbeeld ge2026-06-01."));
            }

            filters.Add(filter);
        }

        return (new FhirSearch(http, time, offset, count, filters), null);
    }

    /// <summary>
    /// The rows narrowed by every <c>_lastUpdated</c> value (eq, ge, gt, le, lt, each over the value's
    /// precision) on the moment <paramref name="at"/> selects.
    /// </summary>
    public IQueryable<T> LastUpdated<T>(IQueryable<T> rows, Expression<Func<T, DateTimeOffset>> at)
    {
        ArgumentNullException.ThrowIfNull(at);
        foreach (var filter in _lastUpdated)
        {
            // The bounds as captured values, so that EF Core sends them as parameters.
            Expression<Func<DateTimeOffset>> start = () => filter.Start;
            Expression<Func<DateTimeOffset>> end = () => filter.End;
            Expression condition = filter.Prefix switch
            {
                "gt" => Expression.GreaterThan(at.Body, end.Body),
                "ge" => Expression.GreaterThanOrEqual(at.Body, start.Body),
                "lt" => Expression.LessThan(at.Body, start.Body),
                "le" => Expression.LessThan(at.Body, end.Body),
                _ => Expression.AndAlso(Expression.GreaterThanOrEqual(at.Body, start.Body), Expression.LessThan(at.Body, end.Body)),
            };
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(condition, at.Parameters));
        }

        return rows;
    }

    /// <summary>One page as a searchset, with the total and the links to the pages beside it.</summary>
    public FhirResult Page(IReadOnlyList<Resource> page, int total, IReadOnlyCollection<Guid>? clients = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new FhirResult(Envelope(page.Select(r => (r.TypeName, r.Id ?? "", (Resource?)r)).ToList(), total)) { Clients = clients ?? [] };
    }

    /// <summary>One page of stored resources (type, id and their FHIR JSON with that id and meta) as a searchset.</summary>
    public FhirResult PageOfJson(IReadOnlyList<(string Type, string Id, byte[] Json)> page, int total, IReadOnlyCollection<Guid> clients)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new FhirResult(Envelope(page.Select(r => (r.Type, r.Id, (Resource?)null)).ToList(), total)) { Clients = clients, EntryJson = page.Select(r => r.Json).ToList() };
    }

    private Bundle Envelope(IReadOnlyList<(string Type, string Id, Resource? Resource)> page, int total)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Meta = new Meta { LastUpdated = _time.GetUtcNow() } };
        var self = $"{Base(_http)}{_http.Request.Path}";
        string Link(int at) => $"{self}?{string.Join('&', Query.Where(q => q.Key is not "_offset" and not "_count").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")).Append($"_count={Count}").Append($"_offset={at}"))}";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Link(Offset) });
        if (Offset + Count < total)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(Offset + Count) });
        }

        if (Offset > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Link(Math.Max(0, Offset - Count)) });
        }

        foreach (var (type, id, resource) in page)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{Base(_http)}/fhir/{type}/{id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    public static string Base(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return $"{http.Request.Scheme}://{http.Request.Host}";
    }

    public static FhirResult BadParameter(string text) => FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, text);

    /// <summary>A date search value with its prefix, as the half-open range of its precision (day, or the exact moment).</summary>
    private static (string Prefix, DateTimeOffset Start, DateTimeOffset End)? DateFilter(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var prefix = value.Length > 2 && char.IsAsciiLetter(value[0]) ? value[..2] : "eq";
        var text = prefix == "eq" && !char.IsAsciiLetter(value[0]) ? value : value[2..];
        if (prefix is not ("eq" or "ge" or "gt" or "le" or "lt"))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (prefix, start, start.AddDays(1));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? (prefix, moment.ToUniversalTime(), moment.ToUniversalTime().AddTicks(1))
            : null;
    }
}
