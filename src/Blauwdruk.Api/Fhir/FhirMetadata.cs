using System.Globalization;
using Hl7.Fhir.Model;

namespace Blauwdruk.Api.Fhir;

/// <summary>The facade's CapabilityStatement: exactly the interactions and search parameters it serves.</summary>
internal static class FhirMetadata
{
    /// <summary>What this server does, and nothing more.</summary>
    public static FhirResult Metadata(HttpContext http, TimeProvider time)
    {
        CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type, string documentation) =>
            new() { Name = name, Type = type, Documentation = documentation };
        CapabilityStatement.ResourceComponent Resource(ResourceType type, bool search, bool update, params CapabilityStatement.SearchParamComponent[] parameters) => new()
        {
            Type = type.ToString(),
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                .. search ? [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }] : Array.Empty<CapabilityStatement.ResourceInteractionComponent>(),
                .. update ? [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update }] : Array.Empty<CapabilityStatement.ResourceInteractionComponent>(),
            ],
            Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
            UpdateCreate = false,
            SearchParam = [.. parameters],
        };

        return new FhirResult(new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Blauwdruk" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Blauwdruk: overdracht geboortezorg naar JGZ", Url = $"{FhirSearch.Base(http)}" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "OAuth2 bearer token; an organisation sees only the handovers addressed to it and the tasks of its care teams.",
                    Resource =
                    [
                        Resource(ResourceType.Bundle, search: true, update: false,
                            Param("type", SearchParamType.Token, "Only 'document': handover documents addressed to the caller's organisation."),
                            Param("composition.subject:Patient.identifier", SearchParamType.Token, "The identifier (system|value) of the document's subject: the mother (prenatal) or the child (postnatal)."),
                            Param("_lastUpdated", SearchParamType.Date, "When the document or its status last changed (eq, ge, gt, le, lt)."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {FhirSearch.MaxCount}; next/previous links page through.")),
                        Resource(ResourceType.Composition, search: true, update: false,
                            Param("subject:Patient.identifier", SearchParamType.Token, "The identifier (system|value) of the subject: the mother (prenatal) or the child (postnatal)."),
                            Param("_lastUpdated", SearchParamType.Date, "When the document or its status last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {FhirSearch.MaxCount}.")),
                        Resource(ResourceType.Task, search: true, update: true,
                            Param("owner", SearchParamType.Reference, "The organisation, as Organization?identifier=system|value, e.g. http://fhir.nl/fhir/NamingSystem/ura|90000103."),
                            Param("status", SearchParamType.Token, "requested, accepted, in-progress, on-hold, completed, cancelled, failed."),
                            Param("_lastUpdated", SearchParamType.Date, "When the task's pathway last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {FhirSearch.MaxCount}.")),
                        Resource(ResourceType.CarePlan, search: true, update: false,
                            Param("status", SearchParamType.Token, "active or completed."),
                            Param("_lastUpdated", SearchParamType.Date, "When the pathway last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {FhirSearch.MaxCount}.")),
                        Resource(ResourceType.PlanDefinition, search: true, update: false),
                    ],
                },
            ],
        });
    }
}
