using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>The compose file's Keycloak realm matches the demo world, and a provider's own claim names are mapped by configuration.</summary>
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
}
