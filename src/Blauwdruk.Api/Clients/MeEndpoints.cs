using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Clients;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Clients;

/// <summary>The pathways of the client who asks, as her page shows them; empty when her BSN matched none (her page says so kindly).</summary>
public sealed record MyPathwaysResponse(IReadOnlyList<ClientPathway> Pathways);

/// <summary>
/// <c>/api/me</c>: the client signed in as herself (DigiD). She reaches only the pathways her verified BSN matches
/// (<see cref="ClientAccess"/>), and every look-up is in the access log.
/// </summary>
internal static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this RouteGroupBuilder group)
    {
        group.WithTags("Client");
        group.MapGet("/", MyPathways)
            .WithName("MyPathways")
            .WithSummary("The signed-in client's own pathways (active and closed), matched on her verified BSN; an empty list when none matches.");
        return group;
    }

    public static async Task<Ok<MyPathwaysResponse>> MyPathways(SignedInClient client, ClientPortal portal, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MyPathwaysResponse(await portal.PathwaysAsync(client.Person, "GET /api/me/", cancellationToken)));
}
