using System.Net;
using System.Net.Http.Json;

namespace Blauwdruk.Api.Tests.Health;

/// <summary>Metrics for Prometheus (without client data) and the OpenAPI document with its Scalar UI.</summary>
public sealed class ObservabilityTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Metrics_count_requests_and_commands_and_carry_no_client_data()
    {
        var midwife = factory.ClientFor("verloskundige-maas");
        var instance = await midwife.StartFor("CL-METRICS-7", pathway: "blauwdruk");
        await midwife.GetAsync($"/api/instances/{instance.Id}");
        Assert.Equal(HttpStatusCode.OK, (await midwife.PostAsJsonAsync($"/api/tasks/{instance.OpenTasks[0].Id}/claim", new { })).StatusCode);

        var metrics = await factory.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("blauwdruk_commands_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("command=\"StartInstance\"", metrics, StringComparison.Ordinal);
        // The claim ran on the snapshot this host kept when it started the instance.
        Assert.Contains("blauwdruk_snapshot_cache_total{otel_scope_name=\"Blauwdruk.Engine\",outcome=\"hit\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/instances/{id:guid}\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(instance.Id.ToString(), metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("CL-METRICS-7", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_has_a_scalar_ui()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        var scalar = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }
}
