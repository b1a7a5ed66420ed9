using System.Globalization;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Api.Fhir;

/// <summary>A client's pathway as a FHIR <c>CarePlan</c>, for the care team, read through <see cref="CareReads"/> as the web app does.</summary>
internal static class FhirCarePlanEndpoints
{
    public static async Task<IResult> ReadCarePlan(string id, Caller caller, CareReads reads, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var instanceId) && await reads.FindFileAsync(instanceId, caller.Actor, cancellationToken, withJournal: false) is { } file
            ? new FhirResult(CarePlanOf(file, caller.Actor))
            : FhirResult.NotFound("CarePlan", id);

    /// <summary>The pathways the caller's organisation leads or has a task in, as CarePlans.</summary>
    public static async Task<IResult> SearchCarePlans(HttpContext http, Caller caller, CareReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        var (search, error) = FhirSearch.Read(http, time);
        if (search is null)
        {
            return error!;
        }

        var instances = search.LastUpdated(reads.VisibleInstances(caller.Actor), i => i.UpdatedAt);
        if (search.Query["status"].ToString() is { Length: > 0 } status)
        {
            if (status is not ("active" or "completed"))
            {
                return FhirSearch.BadParameter($"Onbekende status '{status}'; gebruik active of completed.");
            }

            instances = status == "active" ? instances.Where(i => i.Status == InstanceStatus.Active) : instances.Where(i => i.Status != InstanceStatus.Active);
        }

        var total = await instances.CountAsync(cancellationToken);
        var ids = await instances.OrderByDescending(i => i.UpdatedAt).Skip(search.Offset).Take(search.Count).Select(i => i.Id).ToListAsync(cancellationToken);
        var plans = new List<Resource>();
        foreach (var id in ids)
        {
            if (await reads.FindFileAsync(id, caller.Actor, cancellationToken, withJournal: false) is { } file)
            {
                plans.Add(CarePlanOf(file, caller.Actor));
            }
        }

        return search.Page(plans, total, ids);
    }

    private static CarePlan CarePlanOf(ClientFile file, Actor viewer) =>
        new()
        {
            Id = file.State.Id.ToString(),
            Meta = new Meta { VersionId = file.State.EventCount.ToString(CultureInfo.InvariantCulture) },
            Status = file.State.Status == InstanceStatus.Active ? RequestStatus.Active : RequestStatus.Completed,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = file.Definition.Title,
            InstantiatesCanonical = [PlanDefinitionExport.PlanDefinitionUrl(file.Definition)],
            Subject = new ResourceReference { Identifier = new Identifier("https://fhir.blauwdruk.nl/NamingSystem/client-reference", file.State.ClientReference), Display = file.State.ClientReference },
            Period = new Period { StartElement = new FhirDateTime(file.State.StartedAt) },
            Activity = file.OpenTasks(viewer).Select(t => new CarePlan.ActivityComponent { Reference = new ResourceReference($"Task/{t.Id}", file.Definition.FindStep(t.StepId)?.Label) }).ToList(),
        };
}
