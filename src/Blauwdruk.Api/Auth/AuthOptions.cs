using Blauwdruk.Engine.Runtime;
namespace Blauwdruk.Api.Auth;

/// <summary>Section <c>Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The OpenID Connect provider (production). Empty in Development, where demo tokens are used.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "blauwdruk";

    /// <summary>Only for a provider on a private network without TLS (the compose file's Keycloak); keep true otherwise.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string? Issuer { get; set; }

    /// <summary>The web app's client at the provider (authorisation code with PKCE); the compose file's Keycloak calls it <c>blauwdruk</c>.</summary>
    public string ClientId { get; set; } = "blauwdruk";

    /// <summary>Only for a confidential client; leave empty for a public one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Signs demo tokens; read only in the Development environment.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>Which claims of the provider's tokens carry the user id, roles, organisation and region, and a client's BSN and level of assurance.</summary>
    public ClaimNames Claims { get; set; } = new();

    /// <summary>How a client signs in as herself.</summary>
    public ClientSignInOptions Client { get; set; } = new();
}

/// <summary>Section <c>Auth:Client</c>: a client signing in as herself, through DigiD (brokered by the provider).</summary>
internal sealed class ClientSignInOptions
{
    /// <summary>DigiD Substantieel and Hoog, as brokers name them (eIDAS levels of assurance) in <c>acr</c>.</summary>
    public static readonly IReadOnlyList<string> SubstantialOrHigh = ["http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high"];

    /// <summary>
    /// The levels of assurance accepted for her to see her own pathways; unset: <see cref="SubstantialOrHigh"/>.
    /// (Nullable, because the configuration binder adds to a list it finds filled rather than replacing it.)
    /// </summary>
    public List<string>? AcceptedAssurance { get; set; }

    public IReadOnlyCollection<string> Accepted => AcceptedAssurance is { Count: > 0 } configured ? configured : SubstantialOrHigh;
}

/// <summary>Section <c>Auth:Claims</c>: the provider's claim names (e.g. Keycloak's <c>preferred_username</c> for the user id).</summary>
internal sealed class ClaimNames
{
    public string UserId { get; set; } = BlauwdrukClaims.Subject;
    public string Role { get; set; } = BlauwdrukClaims.Role;
    public string Organisation { get; set; } = BlauwdrukClaims.Organisation;
    public string Region { get; set; } = BlauwdrukClaims.Region;
    public string Bsn { get; set; } = BlauwdrukClaims.Bsn;
    public string AssuranceLevel { get; set; } = BlauwdrukClaims.AssuranceLevel;

    public bool AreOurs =>
        UserId == BlauwdrukClaims.Subject && Role == BlauwdrukClaims.Role && Organisation == BlauwdrukClaims.Organisation && Region == BlauwdrukClaims.Region
        && Bsn == BlauwdrukClaims.Bsn && AssuranceLevel == BlauwdrukClaims.AssuranceLevel;
}
