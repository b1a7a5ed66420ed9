using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>The compose file's Keycloak realm matches the demo world, and a provider's own claim names (and a client's accepted levels) are set by configuration.</summary>
public sealed class IdentityProviderTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private static readonly string Realm = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "deploy", "keycloak", "blauwdruk-realm.json");

    [Fact]
    public void The_keycloak_realm_has_every_demo_user_with_role_organisation_and_region_and_maps_them_to_claims()
    {
        using var realm = JsonDocument.Parse(File.ReadAllText(Realm));
        var users = realm.RootElement.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("username").GetString()!);

        Assert.Equal(DemoUsers.All.Select(u => u.Id).Order(), users.Keys.Order());
        foreach (var demo in DemoUsers.All)
        {
            var user = users[demo.Id];
            Assert.Equal([demo.Role], user.GetProperty("realmRoles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(demo.OrganisationId, user.GetProperty("attributes").GetProperty("org")[0].GetString());
            Assert.Equal(demo.Region, user.GetProperty("attributes").GetProperty("region")[0].GetString());
        }

        var client = realm.RootElement.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == "blauwdruk");
        var claims = client.GetProperty("protocolMappers").EnumerateArray()
            .Select(m => m.GetProperty("config").TryGetProperty("claim.name", out var name) ? name.GetString() : m.GetProperty("config").GetProperty("included.client.audience").GetString())
            .ToList();
        Assert.Equal(["blauwdruk", "org", "region", "role"], claims.Order());
    }

    [Fact]
    public async Task A_providers_own_claim_names_are_mapped_by_configuration()
    {
        await using var keycloakShaped = factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:Claims:UserId", "preferred_username"));
        var token = SignedTokens.For(keycloakShaped.Services,
            new Claim("sub", "0b7e8c1e-4b7a-4c35-9f0e-6f1d2a3b4c5d"),
            new Claim("preferred_username", "verloskundige-maas"),
            new Claim("role", "verloskundige"),
            new Claim("org", "ura:90000101"));
        var client = keycloakShaped.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = keycloakShaped.Services.CreateAsyncScope();
        var last = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(("verloskundige-maas", "GET /api/tasks/"), (last.UserId, last.Resource));
    }

    [Fact]
    public async Task A_brokers_own_names_for_the_bsn_and_the_level_and_the_accepted_levels_are_configured()
    {
        await using var broker = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Auth:Claims:Bsn", "urn:nl-eid-gdi:1.0:id:BSN")
            .UseSetting("Auth:Claims:AssuranceLevel", "loa")
            .UseSetting("Auth:Client:AcceptedAssurance:0", "http://eidas.europa.eu/LoA/high"));
        HttpClient Client(string level)
        {
            var client = broker.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", SignedTokens.For(broker.Services,
                new Claim("sub", "digid-broker-1"), new Claim("urn:nl-eid-gdi:1.0:id:BSN", "999913001"), new Claim("loa", level)));
            return client;
        }

        var high = await Client("http://eidas.europa.eu/LoA/high").GetAsync("/api/me");
        // The configured list replaces the default one (Substantieel and Hoog), it does not add to it.
        var substantial = await Client("http://eidas.europa.eu/LoA/substantial").GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, high.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, substantial.StatusCode);
        await using var scope = broker.Services.CreateAsyncScope();
        var last = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(("digid-broker-1", "GET /api/me/", "no-match"), (last.UserId, last.Resource, last.Detail));
    }
}
