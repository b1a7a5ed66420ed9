using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Runtime;
using System.Security.Claims;
using Blauwdruk.Designer.Components.Account;
using Blauwdruk.Engine.Pathways;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Blauwdruk.Api.Auth;

/// <summary>
/// The web app's login: with an OpenID Connect provider (<c>Auth:Authority</c>) <c>/login</c> sends the
/// browser there; in Development without one it shows the demo users and demo clients to pick from. The demo login is
/// not mapped anywhere else, so it cannot be reached outside Development.
/// </summary>
internal static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string DeniedPath = "/geen-toegang";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app, AuthOptions options, IHostEnvironment environment)
    {
        var login = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        if (!string.IsNullOrEmpty(options.Authority))
        {
            login.MapGet(LoginPath, (string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
        }
        else if (environment.IsDevelopment())
        {
            login.MapGet(LoginPath, (string? returnUrl, PathwayCatalog catalog) =>
                new RazorComponentResult<DemoLogin>(new
                {
                    Users = DemoUsers.All.Select(u => new DemoLoginUser(u.Id, u.Name, catalog.RoleLabel(u.Role), u.OrganisationName, u.Region)).ToList(),
                    Clients = DemoClients.All.Select(c => new DemoLoginClient(c.Id, c.Name, c.Situation)).ToList(),
                    ReturnUrl = Local(returnUrl),
                }));
            login.MapPost(LoginPath, DemoSignIn);
        }

        login.MapPost("/logout", async Task<IResult> (HttpContext http, IAntiforgery antiforgery) =>
        {
            // Only the app's own logout button signs out: a form on another site cannot.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(detail: "Afmelden kan alleen met de knop in Blauwdruk; laad de pagina opnieuw.", statusCode: StatusCodes.Status400BadRequest);
            }

            return TypedResults.SignOut(
                new AuthenticationProperties { RedirectUri = "/" },
                string.IsNullOrEmpty(options.Authority)
                    ? [CookieAuthenticationDefaults.AuthenticationScheme]
                    : [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });
        return app;
    }

    /// <summary>Signs the browser in as the chosen demo user or client, with the claims a provider's token would carry.</summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> DemoSignIn([FromForm] string user, [FromForm] string? returnUrl, HttpContext http)
    {
        IEnumerable<Claim>? claims = DemoUsers.Find(user) is { } demo
            ?
            [
                new Claim(BlauwdrukClaims.Subject, demo.Id),
                new Claim(BlauwdrukClaims.Name, demo.Name),
                new Claim(BlauwdrukClaims.Role, demo.Role),
                new Claim(BlauwdrukClaims.Organisation, demo.OrganisationId),
                new Claim(BlauwdrukClaims.Region, demo.Region),
                .. demo.ProfessionalClaims().Select(c => new Claim(c.Type, c.Value)),
            ]
            : DemoClients.Find(user)?.Claims();
        if (claims is null)
        {
            return TypedResults.Problem(detail: $"Er is geen demogebruiker '{user}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, BlauwdrukClaims.Subject, BlauwdrukClaims.Role);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(Local(returnUrl));
    }

    /// <summary>A path on this host; anything else (another site, <c>//evil.example</c>) becomes the start page.</summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) ? url : "/";
}
