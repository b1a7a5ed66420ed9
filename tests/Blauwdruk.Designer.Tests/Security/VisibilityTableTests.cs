using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Designer.Tests.Security;

/// <summary>
/// One table of who sees what of a client, walked through every way in: the REST API, the FHIR facade and
/// the web pages, on one host. Every way asks the same access model (<see cref="Access"/>) through the same
/// read services, so a row that differs between them is a leak in one of them.
/// </summary>
public sealed class VisibilityTableTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    /// <summary>What each user may see of a client in Rotterdam-Zuid with a sent handover and an open Meldcode route raised by her midwife.</summary>
    public static readonly TheoryData<string, bool, bool, bool, bool> Table = new()
    {
        // user                          file   Meldcode  handover  access log
        { "verloskundige-maas",          true,  true,     false,    true },  // leads the pathway, raised the concern
        { "aandachtsfunctionaris-maas",  true,  true,     false,    true },  // the Meldcode's lead, at the leading practice
        { "kraamverzorgende-rijnmond",   true,  false,    false,    false }, // on the care team, not on the Meldcode route
        { "jgz-rijnmond",                false, false,    true,     false }, // receives the handover, never the file
        { "verloskundige-merwede",       false, false,    false,    false }, // another region's midwife
        { "jgz-drechtsteden",            false, false,    false,    false }, // another region's JGZ
        { "coordinator-rijnmond",        false, false,    false,    false }, // configures pathways, sees no client
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_way_in_shows_a_user_the_same(string user, bool file, bool meldcode, bool handover, bool accessLog)
    {
        var client = await ClientAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        var demo = DemoUsers.Find(user)!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Host.Services.GetRequiredService<DevelopmentTokens>().Mint(demo, TimeProvider.System.GetUtcNow()));
        var seen = new List<string>();
        void See(string way, string what, bool expected, bool actual)
        {
            if (expected != actual)
            {
                seen.Add($"{way} {what}: expected {(expected ? "visible" : "hidden")}, got {(actual ? "visible" : "hidden")}");
            }
        }

        // REST API
        var instance = await http.GetAsync($"/api/instances/{client.Instance}");
        var instanceJson = instance.IsSuccessStatusCode ? await instance.Content.ReadAsStringAsync() : "";
        See("/api", "file", file, instance.StatusCode == HttpStatusCode.OK);
        See("/api", "Meldcode", meldcode, instanceJson.Contains(client.MeldcodeTask.ToString(), StringComparison.Ordinal));
        See("/api", "access log", accessLog, (await http.GetAsync($"/api/instances/{client.Instance}/access-log")).StatusCode == HttpStatusCode.OK);

        // FHIR facade
        var carePlan = await http.GetAsync($"/fhir/CarePlan/{client.Instance}");
        var carePlanJson = carePlan.IsSuccessStatusCode ? await carePlan.Content.ReadAsStringAsync() : "";
        See("/fhir", "file", file, carePlan.StatusCode == HttpStatusCode.OK);
        See("/fhir", "Meldcode", meldcode, carePlanJson.Contains($"Task/{client.MeldcodeTask}", StringComparison.Ordinal));
        var bundles = await http.GetAsync("/fhir/Bundle?type=document");
        var listed = bundles.IsSuccessStatusCode && JsonDocument.Parse(await bundles.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32() > 0
            && (await bundles.Content.ReadAsStringAsync()).Contains(client.Document.ToString(), StringComparison.Ordinal);
        See("/fhir", "handover (search)", handover, listed);
        See("/fhir", "handover (read)", handover, (await http.GetAsync($"/fhir/Bundle/{client.Document}")).StatusCode == HttpStatusCode.OK);

        // Web pages
        var page = await Host.OpenAsync($"/clienten/{client.Instance}", user);
        var heading = page.Locator("h1");
        await heading.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Cliënt") }).First.WaitForAsync();
        var shown = (await heading.First.InnerTextAsync()).Contains(client.Reference, StringComparison.Ordinal);
        See("web", "file", file, shown);
        if (!shown)
        {
            // Not hers: the page says so and leads back to her own start page (the JGZ's inbox, the coordinator's pathways).
            var start = Components.SignedInPage.StartPage([demo.Role]);
            See("web", $"a way back to {start}", true, await page.Locator($"p a[href='{start}']").CountAsync() > 0);
        }

        See("web", "Meldcode", meldcode, shown && (await page.Locator("#open-taken + ul").InnerTextAsync()).Contains(client.MeldcodeLabel, StringComparison.Ordinal));
        await BrowserHost.ScreenshotAsync(page, $"zichtbaarheid-{user}-client");
        var inbox = await Host.OpenAsync("/overdrachten", user);
        await inbox.Locator("h1", new() { HasText = "Overdrachten" }).WaitForAsync();
        await inbox.Locator("#lijst").WaitForAsync();
        See("web", "handover", handover, await inbox.Locator($"a[href$='{client.Document}']").CountAsync() > 0);

        Assert.True(seen.Count == 0, $"{user}:\n{string.Join("\n", seen)}");
    }

    private sealed record Client(Guid Instance, string Reference, Guid MeldcodeTask, string MeldcodeLabel, Guid Document);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<BrowserHost, Client> Clients = [];

    /// <summary>
    /// One client for the whole table, on this host: started by her midwife in Rotterdam-Zuid, identified, born,
    /// her postnatal handover previewed, consented to and sent to JGZ Rotterdam-Zuid, then a safety concern raised.
    /// </summary>
    private async Task<Client> ClientAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (Clients.TryGetValue(Host, out var made))
            {
                return made;
            }

            await using var scope = Host.Services.CreateAsyncScope();
            var midwife = new Actor("verloskundige-maas", ["verloskundige"], "ura:90000101");
            var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(),
                Guid.CreateVersion7(), midwife);
            var id = journey.InstanceId;
            var reference = $"ZICHT-{id.ToString()[..6]}";
            await journey.StartAsync(reference, "GM0599", CancellationToken.None);
            await journey.SentHandoverAsync(new ClientIdentity(TestBsn.Fresh(), "Zichtbaar", "Test", new DateOnly(1994, 3, 2)), CancellationToken.None);
            var state = await journey.RunAsync(new RaiseSignal("safety-concern") { By = midwife, Note = "Zorg" }, CancellationToken.None);

            var definition = scope.ServiceProvider.GetRequiredService<PathwayCatalog>().Find(state.PathwayId, state.PathwayVersion)!;
            var meldcode = state.OpenTasks.First(t => Access.IsConfidential(definition, t.StepId));
            var document = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().HandoverDocuments.AsNoTracking()
                .Where(h => h.InstanceId == id && h.Current).Select(h => h.Id).FirstAsync();
            made = new Client(id, reference, meldcode.Id, definition.Step(meldcode.StepId).Label, document);
            Clients[Host] = made;
            return made;
        }
        finally
        {
            Once.Release();
        }
    }
}
