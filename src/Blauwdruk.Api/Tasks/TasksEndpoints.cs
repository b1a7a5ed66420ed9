using Blauwdruk.Engine.Customisation;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Tasks;

/// <summary>Complete a task.</summary>
/// <param name="Outcome">The outcome chosen, when the step offers several.</param>
/// <param name="Resources">FHIR R4 resources the task produced (a QuestionnaireResponse of a screening, Observations, a Flag); they join the record that decisions read.</param>
/// <param name="ReferredTo">At a referral step: the organisation referred to, one of the step's referral options (the pathway's organisation id).</param>
public sealed record CompleteTaskRequest(
    [property: StringLength(60)] string? Outcome,
    [property: MaxLength(20)] JsonElement[]? Resources,
    [property: StringLength(64)] string? ReferredTo = null);

/// <summary>Cancel a task, or with <c>failed: true</c> record that it was attempted and could not be done.</summary>
public sealed record CancelTaskRequest([property: Required, StringLength(500, MinimumLength = 1)] string Reason, bool Failed = false);

/// <summary>A FHIR Task status to move to: <c>in-progress</c>, <c>on-hold</c> (with a reason) or <c>requested</c> (hand back).</summary>
public sealed record TaskStatusRequest(
    [property: Required, RegularExpression("^(in-progress|on-hold|requested)$", ErrorMessage = "Kies in-progress, on-hold of requested; afronden en annuleren hebben hun eigen route.")] string Status,
    [property: StringLength(500)] string? Reason);

public sealed record AssignTaskRequest([property: Required, StringLength(100, MinimumLength = 1)] string UserId);

internal static class TasksEndpoints
{
    private static readonly string[] RecordTypes = ["QuestionnaireResponse", "Observation", "Flag", "Condition"];
    private static readonly FhirJsonDeserializer Fhir = new();
    private static readonly FhirJsonSerializer FhirWriter = new();

    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder group)
    {
        group.WithTags("Tasks");
        group.MapGet("/", List)
            .WithName("ListTasks")
            .WithSummary("The tasks of the caller's organisation, the earliest due first; filter by status, role, step, instance, due date, overdue, or mine (taken on by the caller).");
        group.MapPost("/{id:guid}/claim", Claim)
            .WithName("ClaimTask")
            .WithSummary("Take a requested task on (status accepted).");
        group.MapPost("/{id:guid}/complete", Complete)
            .WithName("CompleteTask")
            .WithSummary("Complete a task of the caller's role and organisation, with its outcome and FHIR resources; the pathway moves on.");
        group.MapPost("/{id:guid}/status", Status)
            .WithName("ChangeTaskStatus")
            .WithSummary("Start (in-progress), hold (on-hold, with a reason), resume or hand back (requested) a task; other moves are refused with the allowed ones.");
        group.MapPost("/{id:guid}/assign", Assign)
            .WithName("AssignTask")
            .WithSummary("Give a task to a colleague of the same organisation.");
        group.MapPost("/{id:guid}/cancel", Cancel)
            .WithName("CancelTask")
            .WithSummary("Cancel a task that will not happen, with a reason; locked steps cannot be cancelled.");
        return group;
    }

    /// <param name="limit">Tasks per page, 1–200 (50 when left out).</param>
    /// <param name="after">Where the page starts: the cursor in the previous page's <c>Link: rel="next"</c>.</param>
    public static async Task<Results<Ok<IReadOnlyList<TaskResponse>>, ProblemHttpResult>> List(
        Caller caller, Worklist worklist, PathwayCatalog catalog, TimeProvider time, HttpContext http, CancellationToken cancellationToken,
        PathwayTaskStatus? status = null, string? role = null, string? step = null, Guid? instance = null, DateTimeOffset? dueBefore = null, bool overdue = false, bool mine = false,
        [Range(1, MaxPage)] int limit = Worklist.DefaultPageSize, string? after = null)
    {
        var cursor = WorklistCursor.Parse(after);
        if (after is not null && cursor is null)
        {
            return TypedResults.Problem(
                detail: "De waarde van 'after' is geen cursor van deze werklijst. Volg de link rel=\"next\" van de vorige pagina, of laat 'after' weg voor de eerste pagina.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var actor = caller.Actor;
        var now = time.GetUtcNow();
        var filter = new WorklistFilter { Status = status, Role = role, StepId = step, InstanceId = instance, DueBefore = dueBefore, OverdueAt = overdue ? now : null, Owner = mine ? actor.UserId : null };
        var page = await worklist.PageAsync(actor, filter, cancellationToken, cursor, limit);
        if (page.Next is { } next)
        {
            http.Response.Headers.Link = $"<{NextPage(http.Request, next)}>; rel=\"next\"";
        }

        IReadOnlyList<TaskResponse> response = page.Tasks
            .Select(t => TaskResponse.From(t, catalog.Find(t.PathwayId, t.PathwayVersion)
                ?? throw new InvalidOperationException($"Pathway {t.PathwayId} {t.PathwayVersion} of task {t.Id} is not loaded."), now))
            .ToList();
        return TypedResults.Ok(response);
    }

    private const int MaxPage = 200;

    /// <summary>The same request with the next page's cursor (the filters kept, the old cursor replaced).</summary>
    private static string NextPage(HttpRequest request, WorklistCursor next)
    {
        var query = request.Query.Where(q => q.Key != "after").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("after", (string?)next.ToString()));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    public static Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Claim(
        Guid id, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        Execute(id, caller, runner, loader, time, new ClaimTask(id) { By = caller.Actor, Idempotency = caller.Idempotency }, cancellationToken);

    public static Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Status(
        Guid id, TaskStatusRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken)
    {
        var target = request.Status switch
        {
            "in-progress" => PathwayTaskStatus.InProgress,
            "on-hold" => PathwayTaskStatus.OnHold,
            _ => PathwayTaskStatus.Requested,
        };
        return Execute(id, caller, runner, loader, time, new ChangeTaskStatus(id, target) { By = caller.Actor, Idempotency = caller.Idempotency, Reason = request.Reason }, cancellationToken);
    }

    public static Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Assign(
        Guid id, AssignTaskRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        Execute(id, caller, runner, loader, time, new AssignTask(id, request.UserId) { By = caller.Actor, Idempotency = caller.Idempotency }, cancellationToken);

    public static Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Cancel(
        Guid id, CancelTaskRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        Execute(id, caller, runner, loader, time, new CancelTask(id, request.Reason) { By = caller.Actor, Idempotency = caller.Idempotency, Failed = request.Failed }, cancellationToken);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Complete(
        Guid id, CompleteTaskRequest? request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken)
    {
        var resources = new List<string>();
        foreach (var (element, index) in (request?.Resources ?? []).Select((e, i) => (e, i)))
        {
            if (ReadResource(element, index) is { } problem)
            {
                return problem;
            }

            resources.Add(FhirWriter.SerializeToString(Fhir.DeserializeResource(element.GetRawText())));
        }

        return await Execute(id, caller, runner, loader, time, new CompleteTask(id, request?.Outcome) { By = caller.Actor, Idempotency = caller.Idempotency, Resources = resources, ReferredTo = request?.ReferredTo }, cancellationToken);
    }

    /// <summary>A resource must be valid FHIR R4 of a type the record keeps.</summary>
    private static ProblemHttpResult? ReadResource(JsonElement element, int index)
    {
        Resource resource;
        try
        {
            resource = Fhir.DeserializeResource(element.GetRawText());
        }
        catch (Exception ex) when (ex is DeserializationFailedException or FormatException or JsonException)
        {
            return TypedResults.Problem(detail: $"Resource {index + 1} is geen geldige FHIR R4-resource: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!RecordTypes.Contains(resource.TypeName))
        {
            return TypedResults.Problem(detail: $"Resource {index + 1} is een {resource.TypeName}; het dossier neemt alleen {string.Join(", ", RecordTypes)} op.", statusCode: StatusCodes.Status400BadRequest);
        }

        var problems = resource.Validate(ModelInfo.ModelInspector);
        return problems.Count == 0
            ? null
            : TypedResults.Problem(detail: $"Resource {index + 1} ({resource.TypeName}) is ongeldig: {string.Join("; ", problems.Select(p => p.Message))}", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Execute(
        Guid taskId, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, InstanceCommand command, CancellationToken cancellationToken) =>
        (await runner.ExecuteOnTaskAsync(taskId, command, cancellationToken)).ToAnswer(caller, loader, time);
}
