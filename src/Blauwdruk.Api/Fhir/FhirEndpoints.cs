using Blauwdruk.Api.Audit;
using Blauwdruk.Api.Security;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Model;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// The FHIR R4 facade (<c>/fhir</c>): handover documents for the JGZ organisation they are addressed
/// to, pathway tasks (and the JGZ's acknowledgement as a Task update), the instance as a CarePlan, and
/// the published pathways as PlanDefinitions. An organisation sees only what is addressed to it or
/// what its care team holds; anything else is "not found". Everything but the CapabilityStatement is for
/// professionals (a login with an organisation): a client signed in as herself gets a 403. One file per
/// resource; reads go through the same read services as the web app.
/// </summary>
internal static class FhirEndpoints
{
    public static void MapFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", FhirMetadata.Metadata).AllowAnonymous().WithTags("FHIR").WithName("FhirMetadata");
        var fhir = app.MapGroup("/fhir").RequireAuthorization(BlauwdrukPolicies.Professional).RequireRateLimiting(Hardening.ChangesPolicy).WithTags("FHIR")
            .AddEndpointFilter<AccessLogFilter>().AddEndpointFilter<SmartScopes>();
        fhir.MapGet("/PlanDefinition", SearchPlanDefinitions).WithName("FhirSearchPlanDefinition");
        fhir.MapGet("/PlanDefinition/{id}", ReadPlanDefinition).WithName("FhirReadPlanDefinition");

        var care = fhir.MapGroup("").AddEndpointFilter<RequireCareActor>();
        care.MapGet("/Bundle", FhirDocumentEndpoints.SearchBundles).WithName("FhirSearchBundle");
        care.MapGet("/Bundle/{id}", FhirDocumentEndpoints.ReadBundle).WithName("FhirReadBundle");
        care.MapGet("/Composition", FhirDocumentEndpoints.SearchCompositions).WithName("FhirSearchComposition");
        care.MapGet("/Composition/{id}", FhirDocumentEndpoints.ReadComposition).WithName("FhirReadComposition");
        care.MapGet("/Task", FhirTaskEndpoints.SearchTasks).WithName("FhirSearchTask");
        care.MapGet("/Task/{id}", FhirTaskEndpoints.ReadTask).WithName("FhirReadTask");
        care.MapPut("/Task/{id}", FhirTaskEndpoints.UpdateTask).WithName("FhirUpdateTask");
        care.MapGet("/CarePlan", FhirCarePlanEndpoints.SearchCarePlans).WithName("FhirSearchCarePlan");
        care.MapGet("/CarePlan/{id}", FhirCarePlanEndpoints.ReadCarePlan).WithName("FhirReadCarePlan");
    }

    public static IResult SearchPlanDefinitions(HttpContext http, PathwayCatalog catalog, TimeProvider time)
    {
        var (search, error) = FhirSearch.Read(http, time);
        if (search is null)
        {
            return error!;
        }

        var plans = PlanDefinitions(catalog).ToList();
        return search.Page(plans, plans.Count);
    }

    public static IResult ReadPlanDefinition(string id, PathwayCatalog catalog) =>
        PlanDefinitions(catalog).FirstOrDefault(p => p.Id == id) is { } plan ? new FhirResult(plan) : FhirResult.NotFound("PlanDefinition", id);

    private static IEnumerable<Resource> PlanDefinitions(PathwayCatalog catalog) =>
        catalog.All.SelectMany(definition => PlanDefinitionExport.ToBundle(definition).Entry.Select(e => e.Resource!).OfType<PlanDefinition>()
            .Select(plan =>
            {
                plan.Id = $"{plan.Url!.Split('/')[^1]}-{definition.Version.Replace('.', '-')}";
                return plan;
            }));

    /// <summary>Client data is for care professionals: a token without a user, an organisation and a care role gets a 403 OperationOutcome before any handler runs.</summary>
    private sealed class RequireCareActor(PathwayCatalog catalog) : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            return context.HttpContext.User.ToActor() is not { } actor || !catalog.IsCareProfessional(actor)
                ? ValueTask.FromResult<object?>(FhirResult.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
                    "Alleen zorgverleners zien cliëntgegevens: uw token moet een gebruiker, een organisatie en een zorgrol (zoals verloskundige of jgz-verpleegkundige) noemen."))
                : next(context);
        }
    }
}
