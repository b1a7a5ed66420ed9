using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Customisation;

/// <summary>Reads overlays from files and merges each with the template version it names.</summary>
public static class OperationalPathways
{
    /// <summary>Every valid template file in a folder, with its source map (for merge messages).</summary>
    public static IReadOnlyList<PathwayReadResult> ReadTemplates(string directory, string? relativeTo = null) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.yaml")
                .Order(StringComparer.Ordinal)
                .Select(path => PathwayReader.ReadFile(path, relativeTo is null ? path : Path.GetRelativePath(relativeTo, path)))
                .ToList()
            : [];

    /// <summary>Reads an overlay and merges it with the template it names from <paramref name="templates"/>.</summary>
    public static MergeResult ReadFile(string overlayPath, IEnumerable<PathwayReadResult> templates, string? displayName = null)
    {
        var read = OverlayReader.ReadFile(overlayPath, displayName);
        return Merge(read, templates);
    }

    /// <param name="published">A version published before: the standard's rules added since do not apply to it (see <see cref="OverlayMerge.Merge"/>).</param>
    public static MergeResult Merge(OverlayReadResult read, IEnumerable<PathwayReadResult> templates, bool published = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(templates);
        if (read.Overlay is not { } overlay)
        {
            return new MergeResult(null, read.Errors, read.Source);
        }

        var candidates = templates.Where(t => t.IsValid && t.Definition!.Id == overlay.Template.Template).ToList();
        var template = candidates.FirstOrDefault(t => t.Definition!.Version == overlay.Template.Version);
        if (template is null)
        {
            var known = candidates.Count == 0
                ? "die standaard is niet gevonden"
                : "beschikbaar: " + string.Join(", ", candidates.Select(c => c.Definition!.Version));
            return new MergeResult(null, [read.Source.Error(
                $"Standaard '{overlay.Template.Template}' versie {overlay.Template.Version} is niet beschikbaar ({known}).", "template.version", "template.id")], read.Source);
        }

        return OverlayMerge.Merge(template.Definition!, template.Source, overlay, read.Source, published);
    }

    /// <summary>
    /// What a new template version means for each region: its overlay re-checked against the new
    /// version, as if it named it. An empty error list means the region can move on as it is.
    /// </summary>
    public static IReadOnlyList<RegionImpact> Recheck(PathwayReadResult newTemplate, IEnumerable<OverlayReadResult> overlays)
    {
        ArgumentNullException.ThrowIfNull(newTemplate);
        ArgumentNullException.ThrowIfNull(overlays);
        var template = newTemplate.GetValidDefinition();
        return overlays.Where(o => o.Overlay is not null && o.Overlay.Template.Template == template.Id)
            .Select(o =>
            {
                var moved = o.Overlay! with { Template = new TemplateReference(template.Id, template.Version) };
                var result = OverlayMerge.Merge(template, newTemplate.Source, moved, o.Source);
                return new RegionImpact(o.Overlay!.Id, o.Overlay.Template.Version, template.Version, result.Errors);
            })
            .ToList();
    }
}

/// <summary>A region's overlay against a new template version: still valid, or which checks now fail.</summary>
public sealed record RegionImpact(string Region, string FromVersion, string ToVersion, IReadOnlyList<PathwayError> Errors)
{
    public bool StillValid => Errors.Count == 0;
}
