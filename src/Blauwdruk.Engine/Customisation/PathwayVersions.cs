using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Customisation;

/// <summary>The outcome of saving or publishing a version: the record, or why not.</summary>
public sealed record VersionResult(PathwayVersionRecord? Record, PathwayDiff? Diff, IReadOnlyList<PathwayError> Errors, VersionRefusal? Refusal)
{
    public static VersionResult Refused(VersionRefusal refusal) => new(null, null, [], refusal);
}

/// <summary>Why a version command was refused; the message is Dutch.</summary>
public sealed record VersionRefusal(VersionRefusalKind Kind, string Message);

public enum VersionRefusalKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>What must hold before a region's pathway is published, beyond its own checks (the standard's scenarios run through it).</summary>
public interface IPublishCheck
{
    /// <summary>Why <paramref name="operational"/> may not be published; null when it may.</summary>
    VersionRefusal? Blocking(PathwayDefinition operational, PathwayDefinition standard);
}

/// <summary>
/// Versions of templates and operational pathways in the database: draft, then published and
/// immutable. The pathway files are published versions too: the host records each at start, so an
/// instance keeps its version even after the file moves on.
/// </summary>
public sealed class PathwayVersions(BlauwdrukDbContext db, PathwayCatalog catalog, IOptions<PathwayOptions> options, TimeProvider time, IPublishCheck publishCheck)
{
    private const string FileAuthor = "pathway-files";

    private string RegionsDirectory => Path.Combine(options.Value.Directory, "regio");

    /// <summary>
    /// Records every pathway of the files as a published version, and loads published versions that
    /// only the database still has. A file whose content changed without a new version stops the start.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var stored = await db.PathwayVersions.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var definition in catalog.All)
        {
            var hash = PathwayFingerprint.Of(definition);
            var existing = stored.FirstOrDefault(v => v.PathwayId == definition.Id && v.Version == definition.Version);
            if (existing is { Status: PathwayVersionStatus.Published } && existing.ContentHash != hash)
            {
                throw new InvalidOperationException(
                    $"Pathway {definition.Id} {definition.Version} is published with other content (hash {existing.ContentHash[..12]}, file {hash[..12]}). " +
                    "A published version never changes: give the file a new version.");
            }

            if (existing is null)
            {
                db.PathwayVersions.Add(new PathwayVersionRecord
                {
                    PathwayId = definition.Id,
                    Version = definition.Version,
                    Kind = definition.IsOperational ? PathwayKind.Operational : PathwayKind.Template,
                    Status = PathwayVersionStatus.Published,
                    TemplateId = definition.DerivesFrom?.Template,
                    TemplateVersion = definition.DerivesFrom?.Version,
                    Title = definition.Title,
                    ContentHash = hash,
                    Source = await File.ReadAllTextAsync(Path.Combine(options.Value.Directory, definition.SourceFile), cancellationToken),
                    CreatedAt = now,
                    CreatedBy = FileAuthor,
                    PublishedAt = now,
                    PublishedBy = FileAuthor,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Templates first: an operational version needs its template.
        foreach (var record in stored.Where(v => v.Status == PathwayVersionStatus.Published).OrderBy(v => v.Kind))
        {
            if (catalog.Find(record.PathwayId, record.Version) is null && Load(record) is { } definition)
            {
                catalog.Register(definition);
            }
        }
    }

    public async Task<IReadOnlyList<PathwayVersionRecord>> ListAsync(CancellationToken cancellationToken) =>
        await db.PathwayVersions.AsNoTracking().OrderBy(v => v.PathwayId).ThenBy(v => v.CreatedAt).ToListAsync(cancellationToken);

    public async Task<PathwayVersionRecord?> FindAsync(string id, string version, CancellationToken cancellationToken) =>
        await db.PathwayVersions.AsNoTracking().SingleOrDefaultAsync(v => v.PathwayId == id && v.Version == version, cancellationToken);

    /// <summary>Checks a region's overlay and saves it as a draft version (replacing an earlier draft of that version).</summary>
    /// <summary>The role that changes and publishes a region's operational pathway.</summary>
    public const string CoordinatorRole = "regiocoordinator";

    /// <summary>Only the region's own coordinator changes its operational pathway; null when the actor is that coordinator.</summary>
    public static VersionRefusal? CoordinatorOf(Actor actor, string region)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasRole(CoordinatorRole) && actor.Region == region
            ? null
            : new VersionRefusal(VersionRefusalKind.Forbidden, $"Alleen de regiocoördinator van regio '{region}' kan het operationele zorgpad van die regio wijzigen of publiceren.");
    }

    public async Task<VersionResult> SaveDraftAsync(string region, string overlayYaml, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CoordinatorOf(actor, region) is { } refusal)
        {
            return VersionResult.Refused(refusal);
        }

        var userId = actor.UserId;
        var merged = Merge(overlayYaml, $"{region}.yaml");
        if (!merged.Result.IsValid)
        {
            return new VersionResult(null, null, merged.Result.Errors, new VersionRefusal(VersionRefusalKind.Invalid,
                $"De overlay heeft {merged.Result.Errors.Count} fout(en); niets is opgeslagen."));
        }

        var definition = merged.Result.Definition!;
        if (definition.Id != region)
        {
            return VersionResult.Refused(new VersionRefusal(VersionRefusalKind.Invalid,
                $"Deze overlay is van regio '{definition.Id}', niet van '{region}'."));
        }

        var existing = await db.PathwayVersions.SingleOrDefaultAsync(v => v.PathwayId == definition.Id && v.Version == definition.Version, cancellationToken);
        if (existing is { Status: PathwayVersionStatus.Published })
        {
            return VersionResult.Refused(new VersionRefusal(VersionRefusalKind.Conflict,
                $"Versie {definition.Version} van '{definition.Id}' is al gepubliceerd en verandert niet meer; geef de overlay een nieuwe versie."));
        }

        var record = existing ?? new PathwayVersionRecord
        {
            PathwayId = definition.Id,
            Version = definition.Version,
            Title = definition.Title,
            ContentHash = "",
            Source = "",
            CreatedBy = userId,
        };
        record.Kind = PathwayKind.Operational;
        record.Status = PathwayVersionStatus.Draft;
        record.TemplateId = definition.DerivesFrom!.Template;
        record.TemplateVersion = definition.DerivesFrom.Version;
        record.Title = definition.Title;
        record.ContentHash = PathwayFingerprint.Of(definition);
        record.Source = overlayYaml;
        record.CreatedAt = time.GetUtcNow();
        record.CreatedBy = userId;
        if (existing is null)
        {
            db.PathwayVersions.Add(record);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new VersionResult(record, PathwayDiff.Compare(merged.Template!, definition), [], null);
    }

    /// <summary>Publishes a draft: checked again, then immutable and available to new instances.</summary>
    public async Task<VersionResult> PublishAsync(string id, string version, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await db.PathwayVersions.SingleOrDefaultAsync(v => v.PathwayId == id && v.Version == version, cancellationToken);
        if (record is { Kind: PathwayKind.Template })
        {
            return VersionResult.Refused(new VersionRefusal(VersionRefusalKind.Forbidden, "De standaard wordt gepubliceerd via de bestanden in pathways/blauwdruk, niet via deze route."));
        }

        if (CoordinatorOf(actor, id) is { } refusal)
        {
            return VersionResult.Refused(refusal);
        }

        if (record is null)
        {
            return VersionResult.Refused(new VersionRefusal(VersionRefusalKind.NotFound, $"Versie {version} van '{id}' bestaat niet."));
        }

        if (record.Status == PathwayVersionStatus.Published)
        {
            return VersionResult.Refused(new VersionRefusal(VersionRefusalKind.Conflict, $"Versie {version} van '{id}' is al gepubliceerd."));
        }

        var merged = Merge(record.Source, $"{id}.yaml");
        if (!merged.Result.IsValid || PathwayFingerprint.Of(merged.Result.Definition!) != record.ContentHash)
        {
            return new VersionResult(null, null, merged.Result.Errors, new VersionRefusal(VersionRefusalKind.Conflict,
                "Het concept klopt niet meer met de standaard waarop het is gebaseerd; sla het opnieuw op en controleer de meldingen."));
        }

        if (Blocking(merged.Result.Definition!, merged.Template!) is { } blocked)
        {
            return VersionResult.Refused(blocked);
        }

        record.Status = PathwayVersionStatus.Published;
        record.PublishedAt = time.GetUtcNow();
        record.PublishedBy = actor.UserId;
        await db.SaveChangesAsync(cancellationToken);
        catalog.Register(merged.Result.Definition!);
        return new VersionResult(record, PathwayDiff.Compare(merged.Template!, merged.Result.Definition!), [], null);
    }

    /// <summary>Why a region's pathway may not be published yet (a scenario of the standard fails on it); null when it may.</summary>
    public VersionRefusal? Blocking(PathwayDefinition operational, PathwayDefinition standard) => publishCheck.Blocking(operational, standard);

    /// <summary>What a template version means for each region's newest overlay of that template.</summary>
    public async Task<IReadOnlyList<RegionImpact>?> ImpactAsync(string templateId, string version, CancellationToken cancellationToken)
    {
        var template = await FindAsync(templateId, version, cancellationToken);
        if (template is not { Kind: PathwayKind.Template })
        {
            return null;
        }

        var read = PathwayReader.Read(template.Source, $"{templateId}.yaml", Path.Combine(options.Value.Directory, "blauwdruk"));
        var overlays = (await db.PathwayVersions.AsNoTracking()
                .Where(v => v.Kind == PathwayKind.Operational && v.TemplateId == templateId)
                .ToListAsync(cancellationToken))
            .GroupBy(v => v.PathwayId)
            .Select(g => g.MaxBy(v => PathwayCatalog.SemanticVersion(v.Version))!)
            .Select(v => OverlayReader.Read(v.Source, $"{v.PathwayId}.yaml", RegionsDirectory));
        return OperationalPathways.Recheck(read, overlays);
    }

    /// <summary>
    /// Checks an overlay as a draft would be checked, without saving: the engine's own reading, merging
    /// and checks. The errors (with their line) and, when valid, what it changes against the standard.
    /// </summary>
    public (IReadOnlyList<PathwayError> Errors, PathwayDiff? Diff, PathwayDefinition? Definition) Check(string region, string overlayYaml)
    {
        var merged = Merge(overlayYaml, $"{region}.yaml");
        return merged.Result.IsValid
            ? ([], PathwayDiff.Compare(merged.Template!, merged.Result.Definition!), merged.Result.Definition)
            : (merged.Result.Errors, null, null);
    }

    /// <summary>A region's versions, newest first.</summary>
    public async Task<IReadOnlyList<PathwayVersionRecord>> HistoryAsync(string region, CancellationToken cancellationToken) =>
        (await db.PathwayVersions.AsNoTracking().Where(v => v.PathwayId == region).ToListAsync(cancellationToken))
            .OrderByDescending(v => PathwayCatalog.SemanticVersion(v.Version)).ToList();

    /// <summary>The version a new draft proposes after a published one: the next minor version (1.0.0 → 1.1.0), since a published version never changes.</summary>
    public static string NextVersion(string published) =>
        PathwayCatalog.SemanticVersion(published) is var (major, minor, _, _, _) ? $"{major}.{minor + 1}.0" : published;

    /// <summary>The overlay text of a region's newest version (a draft, else the published one), for the Designer to open.</summary>
    public async Task<PathwayVersionRecord?> NewestAsync(string region, CancellationToken cancellationToken)
    {
        var versions = await db.PathwayVersions.AsNoTracking().Where(v => v.PathwayId == region && v.Kind == PathwayKind.Operational).ToListAsync(cancellationToken);
        return versions.MaxBy(v => PathwayCatalog.SemanticVersion(v.Version));
    }

    private (MergeResult Result, PathwayDefinition? Template) Merge(string overlayYaml, string file, bool published = false)
    {
        var read = OverlayReader.Read(overlayYaml, file, RegionsDirectory);
        var template = read.Overlay is { } overlay ? catalog.Find(overlay.Template.Template, overlay.Template.Version) : null;
        if (read.Overlay is null || template is null)
        {
            return (OperationalPathways.Merge(read, []), null);
        }

        // The template's own source map, for messages that point into it.
        var templateRead = PathwayReader.Read(TemplateSource(template), template.SourceFile, Path.Combine(options.Value.Directory, "blauwdruk"));
        return (OperationalPathways.Merge(read, [templateRead], published), template);
    }

    private string TemplateSource(PathwayDefinition template) =>
        db.PathwayVersions.AsNoTracking().Where(v => v.PathwayId == template.Id && v.Version == template.Version).Select(v => v.Source).SingleOrDefault()
        ?? File.ReadAllText(Path.Combine(options.Value.Directory, template.SourceFile));

    private PathwayDefinition? Load(PathwayVersionRecord record)
    {
        if (record.Kind == PathwayKind.Template)
        {
            var template = PathwayReader.Read(record.Source, $"{record.PathwayId}.yaml", Path.Combine(options.Value.Directory, "blauwdruk"));
            return template.IsValid ? template.Definition : null;
        }

        // Published: checked against the standard's rules when it was published; clients may still run on it.
        var merged = Merge(record.Source, $"{record.PathwayId}.yaml", published: true).Result;
        return merged.IsValid ? merged.Definition : null;
    }
}
