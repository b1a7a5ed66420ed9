using Blauwdruk.Engine.Runtime;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blauwdruk.Api.Auth;

/// <summary>
/// Mints bearer tokens for demo users, signed with the development key. Only ever constructed in the
/// Development environment: elsewhere no such key is trusted and <see cref="Create"/> refuses.
/// </summary>
internal sealed class DevelopmentTokens
{
    private readonly AuthOptions _options;

    private DevelopmentTokens(AuthOptions options) => _options = options;

    public static DevelopmentTokens Create(AuthOptions options, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Demo tokens exist only in the Development environment; this host runs as '{environment.EnvironmentName}'.");
        }

        if (string.IsNullOrEmpty(options.DevelopmentSigningKey) || options.DevelopmentSigningKey.Length < 32)
        {
            throw new InvalidOperationException("Auth:DevelopmentSigningKey must be set (32 characters or more) in Development.");
        }

        return new DevelopmentTokens(options);
    }

    public SymmetricSecurityKey SigningKey => Key(_options);

    public static SymmetricSecurityKey Key(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.DevelopmentSigningKey!)) { KeyId = "blauwdruk-development" };

    public string Mint(DemoUser user, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(BlauwdrukClaims.Subject, user.Id),
            new(BlauwdrukClaims.Name, user.Name),
            new(BlauwdrukClaims.Role, user.Role),
            new(BlauwdrukClaims.Organisation, user.OrganisationId),
            new(BlauwdrukClaims.Region, user.Region),
        };
        claims.AddRange(user.ProfessionalClaims().Select(c => new Claim(c.Type, c.Value)));
        return Mint(claims, now, lifetime);
    }

    /// <summary>A token for a demo client, as a DigiD broker would give her one (no organisation).</summary>
    public string Mint(DemoClient client, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Mint(client.Claims(), now, lifetime);
    }

    private string Mint(IEnumerable<Claim> claims, DateTimeOffset now, TimeSpan? lifetime)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromHours(8))).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
