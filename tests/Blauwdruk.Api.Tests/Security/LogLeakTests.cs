using System.Collections.Concurrent;
using System.Net.Http.Json;
using Blauwdruk.Api.Handovers;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>
/// No BSN and no name in any log line, at any level: a client's journey from identity to an
/// acknowledged handover (and refusals on the way), and her own sign-in, is played with every log message captured.
/// </summary>
public sealed class LogLeakTests
{
    private const string Bsn = "999911120";
    private const string FamilyName = "Vermeulen-Okafor";
    private const string GivenName = "Josephine";

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task A_journey_with_identity_consent_and_handover_logs_no_bsn_and_no_name()
    {
        var lines = new ConcurrentQueue<string>();
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite);
        await using var capturing = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(lines)).AddFilter<CapturingProvider>(_ => true))));
        var midwife = capturing.CreateClient();
        midwife.DefaultRequestHeaders.Authorization = host.ClientFor("verloskundige-maas").DefaultRequestHeaders.Authorization;
        var jgz = capturing.CreateClient();
        jgz.DefaultRequestHeaders.Authorization = host.ClientFor("jgz-rijnmond").DefaultRequestHeaders.Authorization;

        async Task<InstanceResponse> Read(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<InstanceResponse>())!;
        var instance = await midwife.StartFor("CL-LEAK");
        await midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", new { bsn = "123456789", familyName = FamilyName, givenName = GivenName, birthDate = "1996-03-12" });
        await midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", new { bsn = Bsn, familyName = FamilyName, givenName = GivenName, birthDate = "1996-03-12" });
        instance = await Read(await midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth" }));
        instance = await midwife.CompleteAsync(instance, "BIRTH", "levend-geboren");
        var kraamzorg = capturing.CreateClient();
        kraamzorg.DefaultRequestHeaders.Authorization = host.ClientFor("kraamverzorgende-rijnmond").DefaultRequestHeaders.Authorization;
        instance = await midwife.KraamweekSignalledAsync(kraamzorg, instance);
        instance = await midwife.CompleteAsync(instance, "KRAAMBED", "normaal");
        var task = instance.OpenTasks.Single(t => t.StepId == "HANDOVER_JGZ").Id;
        await midwife.PostAsync($"/api/tasks/{task}/send", null);
        var preview = (await (await midwife.PostAsync($"/api/tasks/{task}/handover/preview", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HandoverPreviewResponse>())!;
        await midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/consents", new { handover = "postnatal", previewVersion = preview.ContentVersion });
        await midwife.PostAsync($"/api/tasks/{task}/send", null);
        var bundles = await jgz.GetStringAsync("/fhir/Bundle?type=document");
        Assert.Contains(Bsn, bundles, StringComparison.Ordinal); // the JGZ does receive it …
        await jgz.PostAsJsonAsync($"/api/tasks/{task}/acknowledge", new { });

        // She signs in herself (her BSN in the token) and finds her pathway; a sign-in below DigiD Substantieel is refused.
        var herself = capturing.CreateClient();
        herself.DefaultRequestHeaders.Authorization = host.ClientForPerson("client-yasmina").DefaultRequestHeaders.Authorization;
        Assert.Contains(instance.Id.ToString(), await herself.GetStringAsync("/api/me"), StringComparison.Ordinal);
        var low = capturing.CreateClient();
        low.DefaultRequestHeaders.Authorization = new("Bearer", SignedTokens.For(host.Services,
            new System.Security.Claims.Claim("sub", "digid-laag"), new System.Security.Claims.Claim("bsn", Bsn), new System.Security.Claims.Claim("acr", "http://eidas.europa.eu/LoA/low")));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await low.GetAsync("/api/me")).StatusCode);

        // Everything is captured, down to each SQL command (whose parameter values EF Core does not log).
        Assert.Contains(lines, line => line.Contains("Executed DbCommand", StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(Bsn, line, StringComparison.Ordinal); // … but no log line shows it.
            Assert.DoesNotContain("123456789", line, StringComparison.Ordinal);
            Assert.DoesNotContain(FamilyName, line, StringComparison.Ordinal);
            Assert.DoesNotContain(GivenName, line, StringComparison.Ordinal);
        });
    }
}
