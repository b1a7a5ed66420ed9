using System.Net;
using System.Net.Http.Headers;
using Blauwdruk.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>A token that is expired or meant for another audience is refused with 401, on the API and the FHIR facade.</summary>
public sealed class TokenTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private async Task<HttpStatusCode[]> With(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return [(await client.GetAsync("/api/tasks")).StatusCode, (await client.GetAsync("/fhir/Task")).StatusCode];
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        var user = DemoUsers.Find("verloskundige-maas")!;
        var expired = factory.Services.GetRequiredService<DevelopmentTokens>().Mint(user, TimeProvider.System.GetUtcNow().AddHours(-3), TimeSpan.FromHours(1));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], await With(expired));
    }

    [Fact]
    public async Task A_token_for_another_audience_gets_401()
    {
        await using var other = factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:Audience", "een-ander-systeem"));
        var token = other.Services.GetRequiredService<DevelopmentTokens>().Mint(DemoUsers.Find("verloskundige-maas")!, TimeProvider.System.GetUtcNow());

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], await With(token));
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientFor("verloskundige-maas").GetAsync("/api/tasks")).StatusCode);
    }
}
