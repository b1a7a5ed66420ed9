using System.Net;
using System.Text.RegularExpressions;
using Blauwdruk.Api.Auth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>The web app's cookie login: the demo page in Development only, the OpenID Connect provider elsewhere.</summary>
public sealed partial class LoginTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private const string Provider = "https://idp.example/realms/blauwdruk";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task In_development_a_demo_user_is_picked_on_the_login_page_and_the_cookie_opens_the_web_app_but_not_the_api()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await browser.GetAsync("/ontwerp/blauwdruk");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.AbsolutePath);

        var form = await browser.GetStringAsync("/login?returnUrl=/ontwerp/blauwdruk");
        Assert.All(DemoUsers.All, user => Assert.Contains($"value=\"{user.Id}\"", form, StringComparison.Ordinal));
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;

        var forged = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "verloskundige-maas" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie"));

        var elsewhere = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["user"] = "verloskundige-maas", ["returnUrl"] = "//evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Equal("/", elsewhere.Headers.Location!.OriginalString);
        Assert.Contains(elsewhere.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blauwdruk=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/ontwerp/blauwdruk")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/fhir/Task")).StatusCode);
    }

    [Fact]
    public async Task A_demo_client_signs_in_as_herself_and_the_professionals_pages_send_her_to_the_access_denied_page()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/login?returnUrl=/werklijst");
        Assert.Contains("Cliënten (inloggen zoals met DigiD)", form, StringComparison.Ordinal);
        Assert.All(DemoClients.All, client => Assert.Contains($"value=\"{client.Id}\"", form, StringComparison.Ordinal));

        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value, ["user"] = "client-yasmina", ["returnUrl"] = "/werklijst",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        foreach (var page in new[] { "/werklijst", "/overdrachten", "/zorgpaden", $"/clienten/{Guid.NewGuid()}" })
        {
            var refused = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/geen-toegang", refused.Headers.Location!.AbsolutePath);
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/geen-toegang")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode); // the API takes bearer tokens only
    }

    [Fact]
    public async Task Outside_development_the_login_goes_to_the_provider_with_pkce_and_the_demo_login_does_not_exist()
    {
        await using var production = factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:Authority", Provider);
            // The provider's discovery document, as if fetched: the test has no network.
            builder.ConfigureTestServices(services => services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
                oidc.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(
                    new OpenIdConnectConfiguration { Issuer = Provider, AuthorizationEndpoint = $"{Provider}/protocol/openid-connect/auth" })));
        });
        var browser = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await browser.GetAsync("/ontwerp/blauwdruk");
        var login = await browser.GetAsync("/login?returnUrl=/ontwerp/blauwdruk");
        var demo = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "verloskundige-maas" }));

        foreach (var challenge in new[] { page, login })
        {
            Assert.True(challenge.StatusCode == HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync());
            var location = challenge.Headers.Location!.ToString();
            Assert.StartsWith($"{Provider}/protocol/openid-connect/auth?client_id=blauwdruk&", location, StringComparison.Ordinal);
            Assert.Contains("response_type=code", location, StringComparison.Ordinal);
            Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        }

        Assert.False(demo.IsSuccessStatusCode || demo.StatusCode == HttpStatusCode.Redirect);
        Assert.DoesNotContain(demo.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("blauwdruk=", StringComparison.Ordinal));
        Assert.Null(production.Services.GetService<DevelopmentTokens>());
    }
}
