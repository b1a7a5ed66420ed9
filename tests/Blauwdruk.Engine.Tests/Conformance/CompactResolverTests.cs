using Blauwdruk.Engine.Conformance;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Utility;

namespace Blauwdruk.Engine.Tests.Conformance;

/// <summary>The validator's cache holds conformance resources without the parser's source trees.</summary>
public sealed class CompactResolverTests
{
    private const string PatientDefinition = "http://hl7.org/fhir/StructureDefinition/Patient";

    [Fact]
    public async System.Threading.Tasks.Task A_resolved_definition_is_the_same_content_without_the_source_nodes_the_parser_left_on_it()
    {
        var specification = ZipSource.CreateValidationSource();
        var parsed = (StructureDefinition)(await specification.ResolveByCanonicalUriAsync(PatientDefinition))!;

        var compact = (StructureDefinition)(await new CompactResolver(specification).ResolveByCanonicalUriAsync(PatientDefinition))!;

        Assert.True(compact.IsExactly(parsed));
        Assert.NotEqual(0, Annotated(parsed));
        Assert.Equal(0, Annotated(compact));
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unknown_url_is_still_not_found()
    {
        var compact = new CompactResolver(ZipSource.CreateValidationSource());

        Assert.Null(await compact.ResolveByCanonicalUriAsync("http://example.org/fhir/StructureDefinition/none"));
        Assert.Null(await compact.ResolveByUriAsync("http://example.org/fhir/StructureDefinition/none"));
    }

    /// <summary>How many elements of the tree still reach their XML source node (its position details).</summary>
    private static int Annotated(Base element) =>
        (element.Annotations(typeof(XmlSerializationDetails)).Any() ? 1 : 0)
        + element.EnumerateElements().SelectMany(e => e.Value switch { Base one => [one], IEnumerable<Base> many => many, _ => [] }).Sum(Annotated);
}
