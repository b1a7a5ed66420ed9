using Blauwdruk.Api.Problems;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Clients;
using Blauwdruk.Engine.Pathways;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Clients;

/// <summary>Her consent for a handover: the version of the preview she read, the parts she leaves out, her own words.</summary>
public sealed record ClientConsentRequest(string Version, IReadOnlyList<string>? LeftOut, string? OwnWords);

/// <summary>Her request for a correction, in her words.</summary>
public sealed record ClientCorrectionRequest(string Message);

/// <summary>
/// The client's own endpoints (<c>/api/me</c>, policy <c>Client</c>): the same as her page, for a client app
/// (a PGO): her pathways, a handover section by section, her consent, refusal and withdrawal, her copy, who
/// read her file, a request for a correction. Everything goes through <see cref="ClientPortal"/>, which matches
/// her verified BSN and logs every access; a pathway that is not hers is "not found". And her copy as a file
/// for the web page (<c>/mijn/{id}/kopie/{voor|na}</c>, her login cookie).
/// </summary>
internal static class ClientEndpoints
{
    public static RouteGroupBuilder MapClientPortal(this RouteGroupBuilder me)
    {
        me.MapGet("/pathways/{id:guid}/handovers/{handover}", ChoiceAsync).WithName("ClientHandover");
        me.MapPost("/pathways/{id:guid}/handovers/{handover}/consent", ConsentAsync).WithName("ClientConsent");
        me.MapPost("/pathways/{id:guid}/handovers/{handover}/refuse", (Guid id, string handover, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
            RunAsync(http, handover, (person, kind) => portal.RefuseAsync(person, id, kind, cancellationToken))).WithName("ClientRefuse");
        me.MapPost("/pathways/{id:guid}/handovers/{handover}/withdraw", (Guid id, string handover, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
            RunAsync(http, handover, (person, kind) => portal.WithdrawAsync(person, id, kind, cancellationToken))).WithName("ClientWithdraw");
        me.MapGet("/pathways/{id:guid}/handovers/{handover}/copy", (Guid id, string handover, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
            CopyAsync(http, portal, id, handover, "GET /api/me/pathways/{id}/handovers/{handover}/copy", cancellationToken)).WithName("ClientCopy");
        me.MapGet("/pathways/{id:guid}/access-log", ReadersAsync).WithName("ClientAccessLog");
        me.MapPost("/pathways/{id:guid}/corrections", (Guid id, ClientCorrectionRequest request, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
            RunAsync(http, "prenatal", (person, _) => portal.RequestCorrectionAsync(person, id, request.Message ?? "", cancellationToken))).WithName("ClientCorrection");
        return me;
    }

    /// <summary>Her copy for the web page: <c>voor</c> or <c>na</c> (de geboorte).</summary>
    public static IEndpointRouteBuilder MapClientCopy(this IEndpointRouteBuilder app)
    {
        app.MapGet("/mijn/{id:guid}/kopie/{when}", (Guid id, string when, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
                CopyAsync(http, portal, id, when switch { "voor" => "prenatal", "na" => "postnatal", _ => when }, "web /mijn/{id}/kopie", cancellationToken))
            .RequireAuthorization(BlauwdrukPolicies.Client).ExcludeFromDescription();
        return app;
    }

    private static ClientPerson Person(HttpContext http) => Auth.SignedInClient.PersonOf(http);

    private static HandoverKind? Kind(string handover) => handover switch
    {
        "prenatal" => HandoverKind.Prenatal,
        "postnatal" => HandoverKind.Postnatal,
        _ => null,
    };

    private static ProblemHttpResult UnknownHandover(string handover) =>
        TypedResults.Problem(detail: $"Onbekende overdracht '{handover}'; kies prenatal of postnatal.", statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult NotHers() =>
        TypedResults.Problem(detail: "Dit traject of deze overdracht vinden wij niet bij u.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> ChoiceAsync(Guid id, string handover, HttpContext http, ClientPortal portal, CancellationToken cancellationToken)
    {
        if (Kind(handover) is not { } kind)
        {
            return UnknownHandover(handover);
        }

        var (choice, notYet) = await portal.ChoiceAsync(Person(http), id, kind, "GET /api/me/pathways/{id}/handovers/{handover}", cancellationToken);
        return choice is not null ? TypedResults.Ok(choice)
            : notYet is not null ? TypedResults.Problem(detail: notYet, statusCode: StatusCodes.Status409Conflict)
            : NotHers();
    }

    private static async Task<IResult> ConsentAsync(Guid id, string handover, ClientConsentRequest request, HttpContext http, ClientPortal portal, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Version))
        {
            return TypedResults.Problem(detail: "Noem de versie van het voorbeeld dat u las (version); haal het op met GET …/handovers/{handover}.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await RunAsync(http, handover, (person, kind) => portal.ConsentAsync(person, id, kind, request.Version, request.LeftOut ?? [], request.OwnWords, cancellationToken));
    }

    private static async Task<IResult> RunAsync(HttpContext http, string handover, Func<ClientPerson, HandoverKind, Task<Engine.Runtime.Rejection?>> command)
    {
        if (Kind(handover) is not { } kind)
        {
            return UnknownHandover(handover);
        }

        return await command(Person(http), kind) is { } refused ? refused.ToProblem() : TypedResults.NoContent();
    }

    private static async Task<IResult> CopyAsync(HttpContext http, ClientPortal portal, Guid id, string handover, string resource, CancellationToken cancellationToken)
    {
        if (Kind(handover) is not { } kind)
        {
            return UnknownHandover(handover);
        }

        return await portal.CopyAsync(Person(http), id, kind, resource, cancellationToken) is { } copy
            ? TypedResults.File(copy.Pdf, "application/pdf", copy.FileName)
            : NotHers();
    }

    private static async Task<IResult> ReadersAsync(Guid id, HttpContext http, ClientPortal portal, CancellationToken cancellationToken) =>
        await portal.ReadersAsync(Person(http), id, "GET /api/me/pathways/{id}/access-log", cancellationToken) is { } readers ? TypedResults.Ok(readers) : NotHers();
}
