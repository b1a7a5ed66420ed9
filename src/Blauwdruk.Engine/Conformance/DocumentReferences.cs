using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Conformance;

/// <summary>
/// The references in a document Bundle that do not resolve to one of its entries. A document is read without a
/// server (FHIR R4 §3.3.1.4: a document is self-contained), so every <c>Reference.reference</c> in it, the
/// Composition's section entries included, must name an entry's fullUrl; a relative <c>Type/id</c> resolves
/// to an entry whose fullUrl ends in it, and <c>#id</c> to a contained resource of the same resource.
/// </summary>
internal static class DocumentReferences
{
    public static IEnumerable<OperationOutcome.IssueComponent> Unresolved(Bundle document)
    {
        var fullUrls = document.Entry.Select(e => e.FullUrl).OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < document.Entry.Count; i++)
        {
            if (document.Entry[i].Resource is not { } resource)
            {
                continue;
            }

            var contained = (resource as DomainResource)?.Contained.Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (path, reference) in References(resource, $"Bundle.entry[{i}].resource"))
            {
                if (reference.Reference is { Length: > 0 } target && !Resolves(target, fullUrls, contained))
                {
                    yield return new OperationOutcome.IssueComponent
                    {
                        Severity = OperationOutcome.IssueSeverity.Error,
                        Code = OperationOutcome.IssueType.NotFound,
                        Details = new CodeableConcept { Text = $"verwijzing {target} in {path} wijst niet naar een entry (fullUrl) van het document" },
                        Expression = [path],
                    };
                }
            }
        }
    }

    private static bool Resolves(string target, HashSet<string> fullUrls, HashSet<string> contained) =>
        target.StartsWith('#')
            ? target.Length == 1 || contained.Contains(target[1..])
            : fullUrls.Contains(target)
              || (!target.Contains(':', StringComparison.Ordinal) && fullUrls.Any(u => u.EndsWith("/" + target, StringComparison.Ordinal)));

    /// <summary>Every Reference in <paramref name="element"/>, with its FHIRPath (list items indexed, as Firely does).</summary>
    private static IEnumerable<(string Path, ResourceReference Reference)> References(Base element, string path)
    {
        if (element is ResourceReference reference)
        {
            yield return (path, reference);
        }

        foreach (var (name, value) in element.EnumerateElements())
        {
            switch (value)
            {
                case Resource:
                    // A contained resource: its references are its own, resolved against the document all the same.
                case Base child:
                    foreach (var found in References((Base)value, $"{path}.{name}"))
                    {
                        yield return found;
                    }

                    break;
                case IEnumerable<Base> items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        foreach (var found in References(item, $"{path}.{name}[{index}]"))
                        {
                            yield return found;
                        }

                        index++;
                    }

                    break;
            }
        }
    }
}
