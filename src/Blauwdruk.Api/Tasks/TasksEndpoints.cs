using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Tasks;

/// <summary>Complete a task.</summary>
/// <param name="Outcome">The outcome chosen, when the step offers several.</param>
public sealed record CompleteTaskRequest([property: StringLength(60)] string? Outcome);

internal static class TasksEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder group)
    {
        group.WithTags("Tasks");
        group.MapGet("/", List)
            .WithName("ListTasks")
            .WithSummary("The open tasks of the caller's organisation, the earliest due first.");
        group.MapPost("/{id:guid}/complete", Complete)
            .WithName("CompleteTask")
            .WithSummary("Complete a task of the caller's role and organisation; the pathway moves on.");
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<TaskResponse>>, ProblemHttpResult>> List(
        ClaimsPrincipal user, Worklist worklist, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToActor() is not { } actor)
        {
            return RejectionProblems.NoActor();
        }

        var tasks = await worklist.OpenTasksAsync(actor, cancellationToken);
        IReadOnlyList<TaskResponse> response = tasks
            .Select(t => TaskResponse.From(t, catalog.Find(t.PathwayId, t.PathwayVersion)
                ?? throw new InvalidOperationException($"Pathway {t.PathwayId} {t.PathwayVersion} of task {t.Id} is not loaded.")))
            .ToList();
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Complete(
        Guid id, CompleteTaskRequest? request, ClaimsPrincipal user, InstanceRunner runner, CancellationToken cancellationToken)
    {
        if (user.ToActor() is not { } actor)
        {
            return RejectionProblems.NoActor();
        }

        var result = await runner.CompleteTaskAsync(new CompleteTask(id, request?.Outcome) { By = actor }, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        var state = result.State!;
        return TypedResults.Ok(InstanceResponse.From(state, runner.DefinitionOf(state)));
    }
}
