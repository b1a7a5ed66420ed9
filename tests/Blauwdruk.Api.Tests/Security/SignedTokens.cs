using System.Security.Claims;
using System.Text;
using Blauwdruk.Api.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>Tokens with claims of a test's choosing (another provider's names, scopes), signed with the host's development key.</summary>
internal static class SignedTokens
{
    public static string For(IServiceProvider host, params Claim[] claims)
    {
        var options = host.GetRequiredService<AuthOptions>();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(DevelopmentTokens.Key(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
