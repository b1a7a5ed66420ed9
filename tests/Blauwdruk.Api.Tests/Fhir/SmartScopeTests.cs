using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Fhir;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Fhir;

/// <summary>A system client's token may do on the FHIR facade only what its SMART scopes grant.</summary>
public sealed class SmartScopeTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Theory]
    [InlineData("system/Bundle.read", "Bundle", false, true)]
    [InlineData("system/Bundle.read", "Task", false, false)]
    [InlineData("system/Bundle.read", "Bundle", true, false)]
    [InlineData("user/Task.write", "Task", true, true)]
    [InlineData("system/*.read", "Task", false, true)]
    [InlineData("system/*.read", "Task", true, false)]
    [InlineData("system/Task.cruds", "Task", true, true)]
    [InlineData("system/Task.rs", "Task", false, true)]
    [InlineData("system/Task.rs", "Task", true, false)]
    [InlineData("openid", "Task", false, false)]
    public void A_scope_grants_reading_or_writing_a_type(string scope, string type, bool write, bool granted) =>
        Assert.Equal(granted, SmartScopes.Grants(scope, type, write));

    [Fact]
    public async Task A_read_only_bundle_scope_searches_handovers_but_reads_no_tasks_and_changes_nothing()
    {
        var token = Security.SignedTokens.For(factory.Services,
            new Claim("sub", "jgz-systeem-rijnmond"),
            new Claim("role", "jgz-verpleegkundige"),
            new Claim("org", "ura:90000103"),
            new Claim("scope", "system/Bundle.read system/Composition.read"));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var bundles = await client.GetAsync("/fhir/Bundle?type=document");
        var tasks = await client.GetAsync("/fhir/Task");
        var update = await client.PutAsJsonAsync($"/fhir/Task/{Guid.NewGuid()}", new { resourceType = "Task", status = "completed", intent = "order" });

        Assert.Equal(HttpStatusCode.OK, bundles.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tasks.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Contains("system/Task.write", await update.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/fhir+json", update.Content.Headers.ContentType?.MediaType);
    }
}
