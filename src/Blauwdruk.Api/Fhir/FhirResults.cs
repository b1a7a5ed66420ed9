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

    /// <summary>
    /// For a searchset of stored documents: each entry's resource as FHIR JSON, in entry order, written into
    /// the answer as it is (the entries of <see cref="Resource"/> carry no resource). Parsing and writing
    /// twenty documents again was most of a search's CPU.
    /// </summary>
    public IReadOnlyList<byte[]>? EntryJson { get; init; }

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
            await response.WriteAsync(new FhirXmlSerializer().SerializeToString(WithEntryResources()));
            return;
        }

        response.ContentType = "application/fhir+json; charset=utf-8";
        if (EntryJson is null)
        {
            await JsonSerializer.SerializeAsync(response.Body, resource, Json);
            return;
        }

        WriteWithEntryJson(response.BodyWriter);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The searchset as JSON with each entry's stored resource placed after its <c>fullUrl</c>.</summary>
    private void WriteWithEntryJson(System.Buffers.IBufferWriter<byte> output)
    {
        using var envelope = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(resource, Json));
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        foreach (var property in envelope.RootElement.EnumerateObject())
        {
            if (!property.NameEquals("entry"))
            {
                property.WriteTo(writer);
                continue;
            }

            writer.WriteStartArray("entry");
            var index = 0;
            foreach (var entry in property.Value.EnumerateArray())
            {
                writer.WriteStartObject();
                foreach (var field in entry.EnumerateObject())
                {
                    field.WriteTo(writer);
                    if (field.NameEquals("fullUrl"))
                    {
                        writer.WritePropertyName("resource");
                        writer.WriteRawValue(EntryJson![index], skipInputValidation: true);
                    }
                }

                writer.WriteEndObject();
                index++;
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The resource, with the entries' stored JSON parsed into them (for XML).</summary>
    private Resource WithEntryResources()
    {
        if (EntryJson is null || resource is not Bundle bundle)
        {
            return resource;
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            bundle.Entry[i].Resource = JsonSerializer.Deserialize<Resource>(EntryJson[i], Json);
        }

        return bundle;
    }

    /// <summary>
    /// A stored resource's JSON with its <c>id</c> and <c>meta</c> replaced (after <c>resourceType</c>), as
    /// <see cref="Resource.Id"/> and a new <see cref="Meta"/> would give it, without parsing it into a model.
    /// </summary>
    public static byte[] WithIdAndMeta(string json, string id, string versionId, DateTimeOffset lastUpdated)
    {
        using var stored = JsonDocument.Parse(json);
        var output = new System.Buffers.ArrayBufferWriter<byte>(json.Length + 256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var property in stored.RootElement.EnumerateObject())
            {
                if (property.NameEquals("id") || property.NameEquals("meta"))
                {
                    continue;
                }

                property.WriteTo(writer);
                if (property.NameEquals("resourceType"))
                {
                    writer.WriteString("id", id);
                    writer.WriteStartObject("meta");
                    writer.WriteString("versionId", versionId);
                    writer.WriteString("lastUpdated", PrimitiveTypeConverter.ConvertTo<string>(lastUpdated));
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
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
