using Blauwdruk.Engine.Runtime;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Blauwdruk.Api.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>Picks bearer tokens for <c>/api</c> and <c>/fhir</c>, the login cookie for the web app.</summary>
    public const string Scheme = "Blauwdruk";

    /// <summary>
    /// Bearer tokens for the API and the FHIR facade: from the OIDC provider at <c>Auth:Authority</c>, or in
    /// Development from the demo issuer. The web app signs in with a cookie: through the same provider
    /// (authorisation code with PKCE), or in Development on the demo login page. A host outside
    /// Development without an authority refuses to start rather than trust nothing.
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
        services.AddSingleton(new Blauwdruk.Engine.Clients.ClientSignIn(options.Client.Accepted));
        if (environment.IsDevelopment())
        {
            services.AddSingleton(DevelopmentTokens.Create(options, environment));
            // Who works where, for giving a task to a colleague: the demo world's users.
            services.AddSingleton(new Blauwdruk.Designer.Components.Care.Colleagues(
                DemoUsers.All.Select(u => new Blauwdruk.Designer.Components.Care.Colleague(u.Id, u.Name, u.OrganisationId, [u.Role])).ToList()));
        }

        var provider = !string.IsNullOrEmpty(options.Authority);
        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token (API, FHIR) or login cookie (web app)", policy =>
                policy.ForwardDefaultSelector = http => IsApi(http.Request.Path) ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                jwt.TokenValidationParameters.NameClaimType = BlauwdrukClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = BlauwdrukClaims.Role;
                if (!options.Claims.AreOurs)
                {
                    jwt.Events = new JwtBearerEvents { OnTokenValidated = context => Map(context, options.Claims) };
                }

                if (provider)
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
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "blauwdruk";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = LoginEndpoints.LoginPath;
                cookie.AccessDeniedPath = LoginEndpoints.DeniedPath;
                if (provider)
                {
                    cookie.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
                }
            });
        if (provider)
        {
            authentication.AddOpenIdConnect(oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
                oidc.ResponseType = "code";
                oidc.UsePkce = true;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.SaveTokens = false;
                oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                oidc.TokenValidationParameters.NameClaimType = BlauwdrukClaims.Subject;
                oidc.TokenValidationParameters.RoleClaimType = BlauwdrukClaims.Role;
                if (!string.IsNullOrEmpty(options.Issuer))
                {
                    oidc.TokenValidationParameters.ValidIssuer = options.Issuer;
                }

                oidc.Events = new OpenIdConnectEvents
                {
                    OnTokenValidated = context =>
                    {
                        context.Principal = Mapped(context.Principal, options.Claims, CookieAuthenticationDefaults.AuthenticationScheme);
                        return Task.CompletedTask;
                    },
                };
            });
        }

        services.AddBlauwdrukPolicies(options);
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The API and the FHIR facade take bearer tokens only: no cookie, so no cross-site request can act for a user.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir");

    private static Task Map(Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext context, ClaimNames names)
    {
        context.Principal = Mapped(context.Principal, names, context.Principal?.Identity?.AuthenticationType);
        return Task.CompletedTask;
    }

    /// <summary>The provider's claims under the names Blauwdruk reads (<see cref="BlauwdrukClaims"/>), configured in <c>Auth:Claims</c>.</summary>
    private static ClaimsPrincipal? Mapped(ClaimsPrincipal? principal, ClaimNames names, string? authenticationType)
    {
        if (principal?.Identity is not ClaimsIdentity token)
        {
            return principal;
        }

        var mapped = new ClaimsIdentity(authenticationType, BlauwdrukClaims.Subject, BlauwdrukClaims.Role);
        foreach (var (from, to) in new[]
        {
            (names.UserId, BlauwdrukClaims.Subject), (names.Role, BlauwdrukClaims.Role), (names.Organisation, BlauwdrukClaims.Organisation), (names.Region, BlauwdrukClaims.Region),
            (names.Bsn, BlauwdrukClaims.Bsn), (names.AssuranceLevel, BlauwdrukClaims.AssuranceLevel),
        })
        {
            mapped.AddClaims(token.FindAll(from).Select(c => new Claim(to, c.Value)));
        }

        mapped.AddClaims(token.Claims.Where(c => c.Type is BlauwdrukClaims.Name or BlauwdrukClaims.Act or BlauwdrukClaims.Uzi or BlauwdrukClaims.Agb or BlauwdrukClaims.Big or BlauwdrukClaims.Phone or "aud" or "iss" or "exp" or "scope"));
        return new ClaimsPrincipal(mapped);
    }
}
