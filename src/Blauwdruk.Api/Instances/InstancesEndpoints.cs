using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Instances;

/// <summary>Start a client's pathway.</summary>
/// <param name="Id">Optional id chosen by the caller; repeating a start with the same id is refused (409), so a retry never starts twice.</param>
/// <param name="PathwayId">The pathway to run, e.g. <c>blauwdruk</c>.</param>
/// <param name="ClientReference">The care provider's own reference for the client. Never the BSN.</param>
/// <param name="Municipality">CBS code of the client's municipality, e.g. GM0599.</param>
/// <param name="CareTeam">Organisation per role, where another organisation than the caller's holds it.</param>
public sealed record StartInstanceRequest(
    Guid? Id,
    [property: Required, StringLength(100)] string PathwayId,
    [property: Required, StringLength(64, MinimumLength = 1)] string ClientReference,
    [property: Required, RegularExpression("^GM[0-9]{4}$", ErrorMessage = "Gebruik de CBS-gemeentecode, bijvoorbeeld GM0599.")] string Municipality,
    [property: MaxLength(20)] Dictionary<string, string>? CareTeam);

internal static class InstancesEndpoints
{
    public static RouteGroupBuilder MapInstances(this RouteGroupBuilder group)
    {
        group.WithTags("Instances");
        group.MapPost("/", Start)
            .WithName("StartInstance")
            .WithSummary("Start a pathway for a client; the first task opens at once.");
        group.MapGet("/{id:guid}", Get)
            .WithName("GetInstance")
            .WithSummary("Where a client's pathway stands, for a member of its care team.");
        return group;
    }

    public static async Task<Results<Created<InstanceResponse>, ProblemHttpResult>> Start(
        StartInstanceRequest request, ClaimsPrincipal user, InstanceRunner runner, CancellationToken cancellationToken)
    {
        if (user.ToActor() is not { } actor)
        {
            return RejectionProblems.NoActor();
        }

        var command = new StartInstance(
            request.Id ?? Guid.CreateVersion7(),
            request.ClientReference,
            request.Municipality,
            request.CareTeam ?? [])
        { By = actor };
        var result = await runner.StartAsync(request.PathwayId, command, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        var state = result.State!;
        return TypedResults.Created($"/api/instances/{state.Id}", InstanceResponse.From(state, runner.DefinitionOf(state)));
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, InstanceRunner runner, CancellationToken cancellationToken)
    {
        if (user.ToActor() is not { } actor)
        {
            return RejectionProblems.NoActor();
        }

        var state = await runner.FindAsync(id, actor, cancellationToken);
        return state is null
            ? new Rejection(RejectionKind.NotFound, "Dit traject bestaat niet of u bent geen lid van het zorgteam.").ToProblem()
            : TypedResults.Ok(InstanceResponse.From(state, runner.DefinitionOf(state)));
    }
}
