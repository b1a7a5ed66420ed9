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
                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
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
}
