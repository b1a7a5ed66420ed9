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

    /// <summary>Which claims of the provider's tokens carry the user id, roles, organisation and region.</summary>
    public ClaimNames Claims { get; set; } = new();
}

/// <summary>Section <c>Auth:Claims</c>: the provider's claim names (e.g. Keycloak's <c>preferred_username</c> for the user id).</summary>
internal sealed class ClaimNames
{
    public string UserId { get; set; } = BlauwdrukClaims.Subject;
    public string Role { get; set; } = BlauwdrukClaims.Role;
    public string Organisation { get; set; } = BlauwdrukClaims.Organisation;
    public string Region { get; set; } = BlauwdrukClaims.Region;

    public bool AreOurs =>
        UserId == BlauwdrukClaims.Subject && Role == BlauwdrukClaims.Role && Organisation == BlauwdrukClaims.Organisation && Region == BlauwdrukClaims.Region;
}
