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
        // A duplicate start names the pathway that exists, for the caller to continue there.
        var extensions = rejection.ExistingInstanceId is { } existing
            ? new Dictionary<string, object?> { ["existingInstance"] = $"/api/instances/{existing}" }
            : null;
        return TypedResults.Problem(detail: rejection.Message, statusCode: status, extensions: extensions);
    }

    /// <summary>A valid token that does not say who the user is or for which organisation they work.</summary>
    public static ProblemHttpResult NoActor() => TypedResults.Problem(
        detail: "Uw token noemt geen gebruiker (sub) of organisatie (org); vraag uw beheerder om een volledig account.",
        statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A client (or any login without an organisation) on the professionals' part of the API.</summary>
    public static ProblemHttpResult ForProfessionalsOnly() => TypedResults.Problem(
        detail: "Dit deel van Blauwdruk is voor zorgverleners: uw aanmelding noemt geen organisatie (org). Als cliënt vindt u uw eigen zorgtrajecten onder /api/me.",
        statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Someone other than a client signed in as herself at an accepted level on <c>/api/me</c>; never repeats her BSN.</summary>
    public static ProblemHttpResult ForTheClientHerself(bool professional) => TypedResults.Problem(
        detail: professional
            ? "Dit deel van Blauwdruk is voor de cliënt zelf, aangemeld met DigiD. Als zorgverlener ziet u uw cliënten onder /api/instances en /api/tasks."
            : "Uw aanmelding is niet genoeg om uw eigen zorgtrajecten te zien: er is geen geldig burgerservicenummer meegegeven, of u bent niet aangemeld met DigiD Substantieel of Hoog. Meld u opnieuw aan met DigiD.",
        statusCode: StatusCodes.Status403Forbidden);
}
