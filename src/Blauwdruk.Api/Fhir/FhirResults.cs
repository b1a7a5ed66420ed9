using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// A FHIR response: the resource as <c>application/fhir+json</c> (or <c>+xml</c> when <c>_format</c> or
/// Accept asks for it), with <c>ETag</c> and <c>Last-Modified</c> from its meta. Every error is an
/// <see cref="OperationOutcome"/>.
/// </summary>
internal sealed class FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => statusCode;

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public Resource Resource => resource;

    /// <summary>For a search: the clients (instance ids) whose data the page shows, one access log entry each.</summary>
    public IReadOnlyCollection<Guid>? Clients { get; init; }

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var format = Format(httpContext.Request);
        if (format is null)
        {
            await Outcome(StatusCodes.Status406NotAcceptable, OperationOutcome.IssueType.NotSupported,
                "Deze server levert FHIR als JSON (_format=json, application/fhir+json) of XML (_format=xml, application/fhir+xml).").ExecuteAsync(httpContext);
            return;
        }

        response.StatusCode = statusCode;
        if (resource.Meta?.VersionId is { } version)
        {
            response.Headers.ETag = $"W/\"{version}\"";
        }

        if (resource.Meta?.LastUpdated is { } lastUpdated)
        {
            response.Headers.LastModified = lastUpdated.ToString("R", CultureInfo.InvariantCulture);
        }

        if (format == "xml")
        {
            response.ContentType = "application/fhir+xml; charset=utf-8";
            await response.WriteAsync(new FhirXmlSerializer().SerializeToString(resource));
            return;
        }

        response.ContentType = "application/fhir+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, resource, Json);
    }

    /// <summary>"json", "xml", or null when neither was asked for.</summary>
    private static string? Format(HttpRequest request)
    {
        var asked = request.Query["_format"].ToString();
        if (asked.Length == 0)
        {
            var accept = request.Headers.Accept.ToString();
            return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) ? "xml" : "json";
        }

        return asked switch
        {
            "json" or "application/json" or "application/fhir+json" => "json",
            "xml" or "application/xml" or "application/fhir+xml" => "xml",
            _ => null,
        };
    }

    /// <summary>An error as FHIR says: an OperationOutcome with one issue, in Dutch for the person who reads it.</summary>
    public static FhirResult Outcome(int statusCode, OperationOutcome.IssueType type, string text) =>
        new(new OperationOutcome
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = statusCode >= 500 ? OperationOutcome.IssueSeverity.Fatal : OperationOutcome.IssueSeverity.Error,
                    Code = type,
                    Diagnostics = text,
                },
            ],
        }, statusCode);

    public static FhirResult NotFound(string type, string id) =>
        Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{type}/{id} bestaat niet, of is niet voor uw organisatie.");
}
