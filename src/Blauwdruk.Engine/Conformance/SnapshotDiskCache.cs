using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;

namespace Blauwdruk.Engine.Conformance;

/// <summary>
/// Resolves through a <see cref="SnapshotSource"/> and writes each snapshot it generated for one of the
/// nl-core/zib profiles to the cache directory, where <see cref="NlCoreValidator"/>'s <see cref="DirectorySource"/>
/// finds it in later processes. The base R4 definitions come with snapshots: they are answered from
/// specification.zip directly and not copied (through the <see cref="SnapshotSource"/> a base ServiceRequest took
/// 24 s to validate the first time instead of 6 s).
/// </summary>
internal sealed class SnapshotDiskCache(SnapshotSource generator, IAsyncResourceResolver specification, DirectorySource profiles, string cacheDirectory)
    : IAsyncResourceResolver
{
    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public async System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) =>
        (await generator.TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;

    public async System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri)
    {
        if ((await specification.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value is { } core
            && core is not StructureDefinition { HasSnapshot: false })
        {
            return core;
        }

        var resolved = (await generator.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;
        if (resolved is StructureDefinition { HasSnapshot: true } definition
            && (await profiles.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Success)
        {
            Write(definition);
        }

        return resolved;
    }

    /// <summary>Another process may write the same file: write a temporary file, then move it into place.</summary>
    private void Write(StructureDefinition definition)
    {
        var target = Path.Combine(cacheDirectory, FileName(definition));
        var temporary = Path.Combine(cacheDirectory, "tmp", $"{Guid.NewGuid():N}.json.partial");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            File.WriteAllText(temporary, JsonSerializer.Serialize(definition, FhirJson));
            File.Move(temporary, target, overwrite: true);
        }
        catch (IOException)
        {
            // The other process got there first, or the disk is full: the snapshot is in memory all the same.
            TryDelete(temporary);
        }
        catch (UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static string FileName(StructureDefinition definition)
    {
        var name = string.Concat((definition.Id ?? definition.Name ?? "profile").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        var url = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(definition.Url ?? "")))[..8];
        return $"{name}-{url}.json";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind in tmp/, which the cache's DirectorySource does not read.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
