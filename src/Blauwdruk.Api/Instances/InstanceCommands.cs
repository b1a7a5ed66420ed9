using System.Security.Claims;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Instances;

/// <summary>Runs a command for the caller and answers with the instance as it now stands, or the refusal.</summary>
internal static class InstanceCommands
{
    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> RunAsync(
        ClaimsPrincipal user, InstanceRunner runner, TimeProvider time, Func<Actor, InstanceCommand> command, Func<InstanceCommand, Task<RunResult>> run)
    {
        if (user.ToActor() is not { } actor)
        {
            return RejectionProblems.NoActor();
        }

        var result = await run(command(actor));
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        var state = result.State!;
        return TypedResults.Ok(InstanceResponse.From(state, runner.DefinitionOf(state), actor, time.GetUtcNow()));
    }
}
