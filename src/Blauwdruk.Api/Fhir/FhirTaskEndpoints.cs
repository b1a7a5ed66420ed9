using System.Globalization;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// Pathway tasks as FHIR <c>Task</c>s: those of the caller's organisation and of the handovers addressed to
/// it (<see cref="HandoverReads.VisibleTasks"/>), and the JGZ's acknowledgement as a Task update.
/// </summary>
internal static class FhirTaskEndpoints
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static async Task<IResult> SearchTasks(HttpContext http, Caller caller, HandoverReads reads, BlauwdrukDbContext db, PathwayCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var (search, error) = FhirSearch.Read(http, time);
        if (search is null)
        {
            return error!;
        }

        var actor = caller.Actor;
        var tasks = reads.VisibleTasks(actor);
        if (search.Query["status"].ToString() is { Length: > 0 } status)
        {
            var statuses = status.Split(',').Select(StatusFromCode).ToList();
            if (statuses.Any(s => s is null))
            {
                return FhirSearch.BadParameter($"Onbekende status '{status}'; gebruik requested, accepted, in-progress, on-hold, completed, cancelled of failed.");
            }

            var wanted = statuses.Select(s => s!.Value).ToList();
            tasks = tasks.Where(t => wanted.Contains(t.Status));
        }

        if (search.Query["owner"].ToString() is { Length: > 0 } owner && OrganisationFromReference(owner) != actor.OrganisationId)
        {
            return search.Page([], 0);
        }

        var joined = from task in tasks
                     join instance in db.Instances.AsNoTracking() on task.InstanceId equals instance.Id
                     select new { Task = task, instance.Version, instance.UpdatedAt };
        var rows = search.LastUpdated(joined, r => r.UpdatedAt);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderBy(r => r.Task.DueAt == null).ThenBy(r => r.Task.DueAt).ThenBy(r => r.Task.Id).Skip(search.Offset).Take(search.Count).ToListAsync(cancellationToken);
        var focus = await reads.DocumentOfTasksAsync(page.Select(r => r.Task.Id).ToList(), cancellationToken);
        return search.Page(page.Select(r => (Resource)ToFhir(r.Task, r.Version, r.UpdatedAt, catalog, focus)).ToList(), total, page.Select(r => r.Task.InstanceId).ToList());
    }

    public static async Task<IResult> ReadTask(string id, Caller caller, HandoverReads reads, BlauwdrukDbContext db, PathwayCatalog catalog, CancellationToken cancellationToken) =>
        await TaskFor(id, caller.Actor, reads, db, catalog, cancellationToken) is { } task ? new FhirResult(task) : FhirResult.NotFound("Task", id);

    /// <summary>
    /// The JGZ acknowledges a handover by updating its Task to <c>completed</c>. With <c>If-Match</c>, the
    /// version must be the current one (412 otherwise). Any other change is refused.
    /// </summary>
    public static async Task<IResult> UpdateTask(
        string id, HttpContext http, Caller caller, HandoverReads reads, BlauwdrukDbContext db, PathwayCatalog catalog, InstanceRunner runner, CancellationToken cancellationToken)
    {
        FhirTask? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<FhirTask>(http.Request.Body, Json, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or DeserializationFailedException)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, $"De body is geen geldige FHIR Task (JSON): {ex.Message}");
        }

        if (body is null || body.Id != id)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"De Task in de body moet id '{id}' hebben, gelijk aan de URL.");
        }

        if (await TaskFor(id, caller.Actor, reads, db, catalog, cancellationToken) is not { } current)
        {
            return FhirResult.NotFound("Task", id);
        }

        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch.Trim() != $"W/\"{current.Meta!.VersionId}\"" && ifMatch.Trim() != $"\"{current.Meta.VersionId}\"")
        {
            return FhirResult.Outcome(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.Conflict,
                $"De Task is intussen gewijzigd (versie {current.Meta.VersionId}, niet {ifMatch}); lees haar opnieuw.");
        }

        if (body.Status != FhirTask.TaskStatus.Completed || current.Focus is null)
        {
            return FhirResult.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule,
                "Via FHIR kan de JGZ alleen de ontvangst van een overdracht bevestigen: een overdrachtstaak naar status 'completed'.");
        }

        var result = await runner.ExecuteOnTaskAsync(Guid.Parse(id), new AcknowledgeHandover(Guid.Parse(id)) { By = caller.Actor }, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.Kind switch
            {
                RejectionKind.NotFound => FhirResult.NotFound("Task", id),
                RejectionKind.Forbidden => FhirResult.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, rejection.Message),
                _ => FhirResult.Outcome(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, rejection.Message),
            };
        }

        return new FhirResult((await TaskFor(id, caller.Actor, reads, db, catalog, cancellationToken))!);
    }

    private static async Task<FhirTask?> TaskFor(string id, Actor actor, HandoverReads reads, BlauwdrukDbContext db, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var taskId))
        {
            return null;
        }

        var row = await (from task in reads.VisibleTasks(actor)
                         join instance in db.Instances.AsNoTracking() on task.InstanceId equals instance.Id
                         where task.Id == taskId
                         select new { Task = task, instance.Version, instance.UpdatedAt }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ToFhir(row.Task, row.Version, row.UpdatedAt, catalog, await reads.DocumentOfTasksAsync([row.Task.Id], cancellationToken));
    }

    private static FhirTask ToFhir(TaskRecord task, int version, DateTimeOffset updatedAt, PathwayCatalog catalog, Dictionary<Guid, Guid> focus)
    {
        var step = catalog.Find(task.PathwayId, task.PathwayVersion)?.FindStep(task.StepId);
        return new FhirTask
        {
            Id = task.Id.ToString(),
            Meta = new Meta { VersionId = version.ToString(CultureInfo.InvariantCulture), LastUpdated = updatedAt },
            Status = task.Status switch
            {
                PathwayTaskStatus.Accepted => FhirTask.TaskStatus.Accepted,
                PathwayTaskStatus.InProgress => FhirTask.TaskStatus.InProgress,
                PathwayTaskStatus.OnHold => FhirTask.TaskStatus.OnHold,
                PathwayTaskStatus.Completed => FhirTask.TaskStatus.Completed,
                PathwayTaskStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
                PathwayTaskStatus.Failed => FhirTask.TaskStatus.Failed,
                _ => FhirTask.TaskStatus.Requested,
            },
            Intent = FhirTask.TaskIntent.Order,
            Code = new CodeableConcept($"https://fhir.blauwdruk.nl/CodeSystem/step/{task.PathwayId}", task.StepId, step?.Label ?? task.StepId),
            Description = task.EscalationOf is null ? step?.Label : $"Termijn verstreken: {step?.Label}",
            BasedOn = [new ResourceReference($"CarePlan/{task.InstanceId}")],
            Focus = focus.TryGetValue(task.Id, out var document) ? new ResourceReference($"Bundle/{document}") : null,
            Owner = new ResourceReference { Identifier = OrganisationIdentifier(task.OrganisationId), Display = task.Owner },
            AuthoredOn = task.ActivatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            LastModified = updatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Restriction = task.DueAt is { } due ? new FhirTask.RestrictionComponent { Period = new Period { EndElement = new FhirDateTime(due) } } : null,
        };
    }

    private static Identifier OrganisationIdentifier(string organisation) =>
        organisation.StartsWith("ura:", StringComparison.Ordinal)
            ? new Identifier(NamingSystems.Ura, organisation[4..])
            : new Identifier(NamingSystems.Organisation, organisation);

    /// <summary>The organisation an owner search names: <c>Organization?identifier=system|value</c> or a bare <c>system|value</c>.</summary>
    private static string? OrganisationFromReference(string owner)
    {
        var token = owner.StartsWith("Organization?identifier=", StringComparison.Ordinal) ? owner["Organization?identifier=".Length..] : owner;
        var parts = token.Split('|');
        return parts.Length == 2 && parts[0] == NamingSystems.Ura ? $"ura:{parts[1]}" : parts[^1];
    }

    private static PathwayTaskStatus? StatusFromCode(string code) => code switch
    {
        "requested" => PathwayTaskStatus.Requested,
        "accepted" => PathwayTaskStatus.Accepted,
        "in-progress" => PathwayTaskStatus.InProgress,
        "on-hold" => PathwayTaskStatus.OnHold,
        "completed" => PathwayTaskStatus.Completed,
        "cancelled" => PathwayTaskStatus.Cancelled,
        "failed" => PathwayTaskStatus.Failed,
        _ => null,
    };
}
