using System.Net;
using System.Net.Http.Json;
using System.Text;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>Security headers, body limits and rate limits, each refusal a ProblemDetails that changes nothing.</summary>
public sealed class HardeningTests : IClassFixture<SqliteApiFactory>
{
    private readonly SqliteApiFactory _factory;

    public HardeningTests(SqliteApiFactory factory) => _factory = factory;

    private async Task<int> Instances()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Instances.CountAsync();
    }

    [Fact]
    public async Task Answers_carry_security_headers_and_client_data_is_not_cached()
    {
        var response = await _factory.ClientFor("verloskundige-maas").GetAsync("/api/tasks");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413_and_changes_nothing()
    {
        var before = await Instances();
        var huge = $"{{\"clientReference\":\"CL-BIG\",\"municipality\":\"GM0599\",\"pad\":\"{new string('x', 1_100_000)}\"}}";

        var response = await _factory.ClientFor("verloskundige-maas").PostAsync("/api/instances", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("groter dan", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Instances());
    }

    [Fact]
    public async Task A_malformed_body_is_a_problem_that_names_no_internals()
    {
        var response = await _factory.ClientFor("verloskundige-maas").PostAsync("/api/instances", new StringContent("{\"clientReference\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Blauwdruk.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_changes_by_one_user_get_429_while_reads_and_other_users_go_on()
    {
        await using var limited = _factory.WithWebHostBuilder(builder => builder.UseSetting("Limits:ChangesPerUserPerMinute", "2"));
        var midwife = limited.CreateClient();
        midwife.DefaultRequestHeaders.Authorization = _factory.ClientFor("verloskundige-maas").DefaultRequestHeaders.Authorization;
        var other = limited.CreateClient();
        other.DefaultRequestHeaders.Authorization = _factory.ClientFor("verloskundige-merwede").DefaultRequestHeaders.Authorization;
        object Body(string client) => new { pathwayId = "blauwdruk", clientReference = client, municipality = "GM0599" };

        var first = await midwife.PostAsJsonAsync("/api/instances", Body("CL-RATE-1"));
        var second = await midwife.PostAsJsonAsync("/api/instances", Body("CL-RATE-2"));
        var third = await midwife.PostAsJsonAsync("/api/instances", Body("CL-RATE-3"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await midwife.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/instances", new { pathwayId = "blauwdruk", clientReference = "CL-RATE-4", municipality = "GM0505" })).StatusCode);
    }
}
