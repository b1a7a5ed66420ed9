using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Instances;

/// <summary>The one answer to a command: the instance as it now stands for the caller, or the refusal as a ProblemDetails.</summary>
internal static class InstanceCommands
{
    public static Results<Ok<InstanceResponse>, ProblemHttpResult> ToAnswer(this RunResult result, Caller caller, InstanceLoader loader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(caller);
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        var state = result.State!;
        return TypedResults.Ok(InstanceResponse.From(state, loader.DefinitionOf(state), caller.Actor, time.GetUtcNow()));
    }
}
