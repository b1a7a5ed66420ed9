using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;

namespace Blauwdruk.Engine.Conformance;

/// <summary>
/// Hands out each resolved conformance resource as a fresh copy without the parser's annotations. Firely's
/// <see cref="DirectorySource"/> and <see cref="ZipSource"/> parse through the element model, which leaves every
/// element of the resulting POCO annotated with its source node (for line numbers): a StructureDefinition in the
/// validator's cache kept its whole XML or JSON tree alive — about 250,000 nodes and 300 MB for a handover's
/// profiles. A round trip through the POCO serializer keeps the content and drops the trees; it costs once per
/// resource, as the cache in front of this keeps the copy.
/// </summary>
internal sealed class CompactResolver(IAsyncResourceResolver source) : IAsyncResourceResolver
{
    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public async System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) =>
        Compact((await source.TryResolveByUriAsync(uri).ConfigureAwait(false)).Value);

    public async System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri) =>
        Compact((await source.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value);

    private static Resource? Compact(Resource? resource) =>
        resource is null ? null : JsonSerializer.Deserialize<Resource>(JsonSerializer.SerializeToUtf8Bytes(resource, FhirJson), FhirJson);
}
