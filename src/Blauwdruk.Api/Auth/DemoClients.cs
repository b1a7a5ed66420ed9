using System.Security.Claims;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Api.Auth;

/// <summary>A fictional client of the demo world who signs in as herself, as she would with DigiD; exists only in Development.</summary>
/// <param name="Situation">Where she stands, for the demo login page.</param>
internal sealed record DemoClient(string Id, string Name, string Bsn, string Situation)
{
    /// <summary>What a DigiD broker's token carries for her: her subject, name, BSN and DigiD Substantieel; the role makes her principal like every other.</summary>
    public IEnumerable<Claim> Claims() =>
    [
        new(BlauwdrukClaims.Subject, Id),
        new(BlauwdrukClaims.Name, Name),
        new(BlauwdrukClaims.Bsn, Bsn),
        new(BlauwdrukClaims.AssuranceLevel, ClientSignInOptions.SubstantialOrHigh[0]),
        new(BlauwdrukClaims.Role, Access.ClientRole),
    ];
}

/// <summary>
/// The demo seed's clients in Rotterdam (their BSNs are test numbers, the ones the seed records), and one whose
/// BSN matches no pathway, to show what she sees then.
/// </summary>
internal static class DemoClients
{
    public static readonly IReadOnlyList<DemoClient> All =
    [
        new("client-yasmina", "Yasmina Bakkali", "999911120", "zwanger, prenatale overdracht aan de JGZ verstuurd"),
        new("client-sanne", "Sanne de Wit", "999912021", "bevallen, postnatale overdracht aan de JGZ verstuurd"),
        new("client-ilse", "Ilse Vermeulen", "999912033", "bevallen, nog geen toestemming: de overdracht wacht"),
        new("client-fenna", "Fenna Mulder", "999913013", "zwanger, kiest zelf wat naar de JGZ gaat"),
        new("client-lisa", "Lisa Kok", "999913025", "17 jaar, bevallen: de voogd beslist over de gegevens van het kind"),
        new("client-noor", "Noor Hendriks", "999913001", "geen zorgtraject in Blauwdruk"),
    ];

    public static DemoClient? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
