using Blauwdruk.Engine.Runtime;
using Blauwdruk.Api.Problems;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Pathways;

public sealed record VersionSummary(string Version, string Status, string ContentHash, DateTimeOffset? PublishedAt, string? PublishedBy);

public sealed record PathwaySummary(string Id, string Title, string Kind, TemplateReference? DerivesFrom, IReadOnlyList<VersionSummary> Versions);

public sealed record VersionResponse(string Id, string Version, string Title, string Kind, string Status, string ContentHash, TemplateReference? DerivesFrom, PathwayDiff? Diff);

/// <summary>A problem in an uploaded overlay, positioned in the YAML the coordinator sent.</summary>
public sealed record OverlayProblem(int Line, int Column, string Message);

/// <summary>
/// Templates and operational pathways with their versions. A regional coordinator saves the region's
/// overlay as a draft (checked first; nothing is saved when it has errors) and publishes it in a
/// separate call; a published version never changes.
/// </summary>
internal static class PathwaysEndpoints
{
    private const int MaxOverlayBytes = 256 * 1024;

    public static RouteGroupBuilder MapPathways(this RouteGroupBuilder group)
    {
        group.WithTags("Pathways");
        group.MapGet("/", List)
            .WithName("ListPathways")
            .WithSummary("Templates and operational pathways with their versions (draft or published) and content hashes.");
        group.MapGet("/{id}/versions/{version}", Get)
            .WithName("GetPathwayVersion")
            .WithSummary("One version; for an operational pathway with its difference from the template.");
        group.MapPost("/regions/{region}/drafts", SaveDraft)
            .WithName("SaveRegionDraft")
            .WithSummary("Check a region's overlay (YAML body) and save it as a draft version.")
            .Accepts<string>("application/yaml", "text/yaml", "text/plain");
        group.MapPost("/{id}/versions/{version}/publish", Publish)
            .WithName("PublishPathwayVersion")
            .WithSummary("Publish a draft: it is checked again and then never changes.");
        group.MapGet("/{id}/versions/{version}/impact", Impact)
            .WithName("TemplateImpact")
            .WithSummary("For a template version: each region's overlay checked against it, and what the region must revisit.");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<PathwaySummary>>> List(PathwayVersions versions, CancellationToken cancellationToken)
    {
        var records = await versions.ListAsync(cancellationToken);
        IReadOnlyList<PathwaySummary> summaries = records.GroupBy(r => r.PathwayId)
            .Select(g =>
            {
                var newest = g.MaxBy(r => PathwayCatalog.SemanticVersion(r.Version))!;
                return new PathwaySummary(g.Key, newest.Title, Kind(newest.Kind), Template(newest),
                    g.OrderBy(r => PathwayCatalog.SemanticVersion(r.Version))
                        .Select(r => new VersionSummary(r.Version, Status(r.Status), r.ContentHash, r.PublishedAt, r.PublishedBy)).ToList());
            })
            .ToList();
        return TypedResults.Ok(summaries);
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> Get(
        string id, string version, PathwayVersions versions, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        var record = await versions.FindAsync(id, version, cancellationToken);
        if (record is null)
        {
            return TypedResults.Problem(detail: $"Versie {version} van '{id}' bestaat niet.", statusCode: StatusCodes.Status404NotFound);
        }

        var definition = catalog.Find(id, version);
        var template = definition?.DerivesFrom is { } reference ? catalog.Find(reference.Template, reference.Version) : null;
        var diff = definition is not null && template is not null ? PathwayDiff.Compare(template, definition) : null;
        return TypedResults.Ok(Response(record, diff));
    }

    public static async Task<Results<Created<VersionResponse>, ProblemHttpResult>> SaveDraft(
        string region, HttpRequest request, Caller caller, PathwayVersions versions, CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        if (PathwayVersions.CoordinatorOf(actor, region) is { } refusal)
        {
            return Problem(refusal, []);
        }

        if (request.ContentLength > MaxOverlayBytes)
        {
            return TypedResults.Problem(detail: $"Een overlay is hoogstens {MaxOverlayBytes / 1024} kB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxOverlayBytes + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (length > MaxOverlayBytes)
        {
            return TypedResults.Problem(detail: $"Een overlay is hoogstens {MaxOverlayBytes / 1024} kB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (length == 0)
        {
            return TypedResults.Problem(detail: "Stuur de overlay (YAML) in de body van het verzoek.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await versions.SaveDraftAsync(region, new string(buffer, 0, length), actor, cancellationToken);
        if (result.Refusal is { } refused)
        {
            return Problem(refused, result.Errors);
        }

        var record = result.Record!;
        return TypedResults.Created($"/api/pathways/{record.PathwayId}/versions/{record.Version}", Response(record, result.Diff));
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> Publish(
        string id, string version, Caller caller, PathwayVersions versions, CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        var result = await versions.PublishAsync(id, version, actor, cancellationToken);
        return result.Refusal is { } refused ? Problem(refused, result.Errors) : TypedResults.Ok(Response(result.Record!, result.Diff));
    }

    public static async Task<Results<Ok<IReadOnlyList<RegionImpact>>, ProblemHttpResult>> Impact(
        string id, string version, PathwayVersions versions, CancellationToken cancellationToken)
    {
        var impacts = await versions.ImpactAsync(id, version, cancellationToken);
        return impacts is null
            ? TypedResults.Problem(detail: $"Er is geen standaard '{id}' versie {version}.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(impacts);
    }

    private static ProblemHttpResult Problem(VersionRefusal refusal, IReadOnlyList<PathwayError> errors)
    {
        var status = refusal.Kind switch
        {
            VersionRefusalKind.NotFound => StatusCodes.Status404NotFound,
            VersionRefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            VersionRefusalKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        var extensions = errors.Count == 0 ? null : new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new OverlayProblem(e.Line, e.Column, e.Message)).ToList(),
        };
        return TypedResults.Problem(detail: refusal.Message, statusCode: status, extensions: extensions);
    }

    private static VersionResponse Response(PathwayVersionRecord record, PathwayDiff? diff) =>
        new(record.PathwayId, record.Version, record.Title, Kind(record.Kind), Status(record.Status), record.ContentHash, Template(record), diff);

    private static TemplateReference? Template(PathwayVersionRecord record) =>
        record.TemplateId is null ? null : new TemplateReference(record.TemplateId, record.TemplateVersion!);

    private static string Kind(PathwayKind kind) => kind == PathwayKind.Template ? "template" : "operational";

    private static string Status(PathwayVersionStatus status) => status == PathwayVersionStatus.Published ? "published" : "draft";
}
