using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Problems;

/// <summary>Turns an engine's refusal into an RFC 9457 problem with the engine's Dutch message.</summary>
internal static class RejectionProblems
{
    public static ProblemHttpResult ToProblem(this Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var status = rejection.Kind switch
        {
            RejectionKind.NotFound => StatusCodes.Status404NotFound,
            RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
            RejectionKind.Conflict => StatusCodes.Status409Conflict,
            RejectionKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        };
        return TypedResults.Problem(detail: rejection.Message, statusCode: status);
    }

    /// <summary>A valid token that does not say who the user is or for which organisation they work.</summary>
    public static ProblemHttpResult NoActor() => TypedResults.Problem(
        detail: "Uw token noemt geen gebruiker (sub) of organisatie (org); vraag uw beheerder om een volledig account.",
        statusCode: StatusCodes.Status403Forbidden);
}
