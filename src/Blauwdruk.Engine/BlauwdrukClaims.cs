using System.Security.Claims;

namespace Blauwdruk.Engine;

/// <summary>The claims Blauwdruk reads from a token, the same for the demo issuer and an OIDC provider.</summary>
public static class BlauwdrukClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Organisation = "org";
    public const string Region = "region";

    /// <summary>The professional's UZI number, AGB code, BIG registration and direct phone number, where the identity provider knows them.</summary>
    public const string Uzi = "uzi";
    public const string Agb = "agb";
    public const string Big = "big";
    public const string Phone = "phone_number";

    /// <summary>A client's verified BSN and the level of assurance of her sign-in (names configurable per provider: <c>Auth:Claims</c>).</summary>
    public const string Bsn = "bsn";
    public const string AssuranceLevel = "acr";

    /// <summary>The acting party when someone acts for another (RFC 8693 token exchange).</summary>
    public const string Act = "act";

    /// <summary>The engine's view of the caller; null when the token lacks a user or an organisation.</summary>
    public static Actor? ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirst(Subject)?.Value;
        var organisation = user.FindFirst(Organisation)?.Value;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(organisation))
        {
            return null;
        }

        // RFC 8693 delegation: "act" names who acts; "sub" is the professional they act for.
        if (ActingParty(user.FindFirst(Act)?.Value) is { } acting)
        {
            return new Actor(acting, user.FindAll(Role).Select(c => c.Value).ToList(), organisation) { OnBehalfOf = id, Region = user.FindFirst(Region)?.Value };
        }

        return new Actor(id, user.FindAll(Role).Select(c => c.Value).ToList(), organisation) { Region = user.FindFirst(Region)?.Value, Professional = ProfessionalOf(user) };
    }

    /// <summary>
    /// The client signed in as herself (DigiD through a broker): her subject, her BSN and the level of
    /// assurance of the sign-in. Null for a professional (a token with an organisation), and when the
    /// subject or the BSN is missing, the BSN fails the eleven test, or the level is not one of
    /// <paramref name="acceptedAssurance"/> (<c>Auth:Client:AcceptedAssurance</c>).
    /// </summary>
    public static ClientPerson? ToClientPerson(this ClaimsPrincipal user, IReadOnlyCollection<string> acceptedAssurance)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(acceptedAssurance);
        var subject = user.FindFirst(Subject)?.Value;
        var bsn = user.FindFirst(Bsn)?.Value;
        var level = user.FindFirst(AssuranceLevel)?.Value;
        return user.FindFirst(Organisation) is null
            && !string.IsNullOrEmpty(subject)
            && Handover.RecordIdentity.IsValidBsn(bsn)
            && level is not null && acceptedAssurance.Contains(level, StringComparer.Ordinal)
            ? new ClientPerson(subject, bsn, level)
            : null;
    }

    /// <summary>The person behind the token, when it names them (a delegated call names only the professional acted for, so none).</summary>
    private static Professional? ProfessionalOf(ClaimsPrincipal user) =>
        user.FindFirst(Name)?.Value is { Length: > 0 } name
            ? new Professional(name)
            {
                Uzi = user.FindFirst(Uzi)?.Value,
                Agb = user.FindFirst(Agb)?.Value,
                Big = user.FindFirst(Big)?.Value,
                Phone = user.FindFirst(Phone)?.Value,
            }
            : null;

    private static string? ActingParty(string? act)
    {
        if (string.IsNullOrEmpty(act))
        {
            return null;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(act);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty("sub", out var sub) && sub.GetString() is { Length: > 0 } value
                ? value
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
