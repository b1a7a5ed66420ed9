using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Blauwdruk.Api.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Bearer tokens: from the OIDC provider at <c>Auth:Authority</c>, or in Development from the demo
    /// issuer. A host outside Development without an authority refuses to start rather than trust nothing.
    /// </summary>
    public static IServiceCollection AddBlauwdrukAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(options.Authority) && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Set Auth:Authority (the OpenID Connect provider) to run outside the Development environment.");
        }

        services.AddSingleton(options);
        if (environment.IsDevelopment())
        {
            services.AddSingleton(DevelopmentTokens.Create(options, environment));
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                jwt.TokenValidationParameters.NameClaimType = BlauwdrukClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = BlauwdrukClaims.Role;
                if (!options.Claims.AreOurs)
                {
                    jwt.Events = new JwtBearerEvents { OnTokenValidated = context => MapClaims(context, options.Claims) };
                }

                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                    if (!string.IsNullOrEmpty(options.Issuer))
                    {
                        // The issuer as the provider names itself to browsers, when the host reaches it at another address.
                        jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    }
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(options);
                }
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>The provider's claims under the names Blauwdruk reads (<see cref="BlauwdrukClaims"/>), configured in <c>Auth:Claims</c>.</summary>
    private static Task MapClaims(TokenValidatedContext context, ClaimNames names)
    {
        if (context.Principal?.Identity is not System.Security.Claims.ClaimsIdentity token)
        {
            return Task.CompletedTask;
        }

        var mapped = new System.Security.Claims.ClaimsIdentity(token.AuthenticationType, BlauwdrukClaims.Subject, BlauwdrukClaims.Role);
        foreach (var (from, to) in new[] { (names.UserId, BlauwdrukClaims.Subject), (names.Role, BlauwdrukClaims.Role), (names.Organisation, BlauwdrukClaims.Organisation), (names.Region, BlauwdrukClaims.Region) })
        {
            mapped.AddClaims(token.FindAll(from).Select(c => new System.Security.Claims.Claim(to, c.Value)));
        }

        mapped.AddClaims(token.Claims.Where(c => c.Type is BlauwdrukClaims.Name or "aud" or "iss" or "exp" or "scope"));
        context.Principal = new System.Security.Claims.ClaimsPrincipal(mapped);
        return Task.CompletedTask;
    }
}
