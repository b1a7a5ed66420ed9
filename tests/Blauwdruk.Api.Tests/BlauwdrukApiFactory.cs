using System.Net.Http.Headers;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Blauwdruk.Api.Tests;

/// <summary>
/// The host as it runs in Development, on a fresh database of the given provider. Overrides only
/// configuration and time; mints a demo user's token per client.
/// </summary>
public class BlauwdrukApiFactory(
    StorageProvider provider, bool seedDemoData = false, string? connectionString = null, string? pathwaysDirectory = null, DateTimeOffset? clockStart = null)
    : WebApplicationFactory<Program>
{
    public StorageProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString ?? TestDatabases.Create(provider);

    /// <summary>Starts at the real time (unless told otherwise), so that demo tokens, validated against the real clock, stay valid.</summary>
    public FakeTimeProvider Clock { get; } = new(clockStart ?? TimeProvider.System.GetUtcNow());

    /// <param name="tokenLifetime">Longer than the default for tests that move the clock forward.</param>
    public HttpClient ClientFor(string demoUserId, TimeSpan? tokenLifetime = null)
    {
        var user = DemoUsers.Find(demoUserId) ?? throw new ArgumentException($"No demo user '{demoUserId}'.", nameof(demoUserId));
        var token = Services.GetRequiredService<DevelopmentTokens>().Mint(user, TimeProvider.System.GetUtcNow(), tokenLifetime);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A demo client signed in as herself (as with DigiD Substantieel): her subject, name, BSN, level of assurance; no organisation.</summary>
    public HttpClient ClientForPerson(string demoClientId, TimeSpan? tokenLifetime = null)
    {
        var person = DemoClients.Find(demoClientId) ?? throw new ArgumentException($"No demo client '{demoClientId}'.", nameof(demoClientId));
        var token = Services.GetRequiredService<DevelopmentTokens>().Mint(person, TimeProvider.System.GetUtcNow(), tokenLifetime);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Blauwdruk", ConnectionString);
        builder.UseSetting("Seed:DemoData", seedDemoData ? "true" : "false");
        // Tests drive the timer worker themselves (RunDueAsync), so time-based work happens exactly when they say.
        builder.UseSetting("Timers:Enabled", "false");
        builder.UseSetting("Outbox:Enabled", "false");
        builder.UseSetting("AccessLog:SealerEnabled", "false");
        if (pathwaysDirectory is not null)
        {
            builder.UseSetting("Pathways:Directory", pathwaysDirectory);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class SqliteApiFactory() : BlauwdrukApiFactory(StorageProvider.Sqlite);

public sealed class PostgresApiFactory() : BlauwdrukApiFactory(StorageProvider.Postgres);
