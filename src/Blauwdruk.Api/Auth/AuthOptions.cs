namespace Blauwdruk.Api.Auth;

/// <summary>Section <c>Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The OpenID Connect provider (production). Empty in Development, where demo tokens are used.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "blauwdruk";

    public string? Issuer { get; set; }

    /// <summary>Signs demo tokens; read only in the Development environment.</summary>
    public string? DevelopmentSigningKey { get; set; }
}
