using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Jgz;

/// <summary>The JGZ nurse's journey: finds a new handover by the mother's name, reads it for the first home visit, and acknowledges it with a note back.</summary>
public class InboxJourneyTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");
    private static readonly Actor Nurse = new("jgz-rijnmond", ["jgz-verpleegkundige"], "ura:90000103");

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task A_jgz_nurse_finds_a_new_handover_by_the_mothers_name_reads_whom_to_call_and_acknowledges_it_with_a_note(int width, int height)
    {
        var mine = await SentHandoverAsync($"BR-INBOX-{width}", new ClientIdentity(TestBsn.Fresh(), $"Huisbezoek{width}", "Zoë", new DateOnly(1995, 4, 3)));
        var done = await SentHandoverAsync($"BR-INBOX-KLAAR-{width}", new ClientIdentity(TestBsn.Fresh(), $"Bevestigd{width}", "Iris", new DateOnly(1993, 1, 9)));
        await AcknowledgedAsync(done);

        var page = await Host.OpenAsync("/", "jgz-rijnmond", new ViewportSize { Width = width, Height = height });
        await page.WaitForURLAsync("**/overdrachten", BrowserHost.Committed);
        await page.Locator("#overdrachten li", new() { HasText = $"Zoë Huisbezoek{width}" }).WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        // Only the new ones, and the choice survives a reload.
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Nieuw") }).ClickAsync();
        await page.WaitForURLAsync("**/overdrachten?filter=nieuw", BrowserHost.Committed);
        await page.Locator("#overdrachten li", new() { HasText = $"Bevestigd{width}" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.ReloadAsync();
        // The counts come with the list; wait for the list before reading the chosen filter's label.
        await page.Locator("#overdrachten li").First.WaitForAsync();
        var chosen = page.Locator("nav.inbox-filters a[aria-current=page]");
        Assert.StartsWith("Nieuw (", await chosen.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain($"Bevestigd{width}", await page.Locator("#lijst").InnerTextAsync(), StringComparison.Ordinal);

        // By her name, without the accent: her row names the child, the sender, the date and that it is new.
        await page.GetByLabel("Zoek op naam van de moeder").FillAsync($"zoe huisbezoek{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken", Exact = true }).ClickAsync();
        var row = page.Locator("#overdrachten li");
        await page.Locator("#overdrachten li", new() { HasText = $"Zoë Huisbezoek{width}" }).WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#overdrachten li').length === 1");
        var text = await row.InnerTextAsync();
        Assert.Contains("kind 1", text, StringComparison.Ordinal);
        Assert.Contains("van Verloskundigenpraktijk De Maas", text, StringComparison.Ordinal);
        Assert.Contains("verstuurd", text, StringComparison.Ordinal);
        Assert.Contains("nieuw", text, StringComparison.Ordinal);
        Assert.True(await FitsAsync(page), "The inbox scrolls sideways.");
        await BrowserHost.AssertAccessibleAsync(page);

        // The handover, for the first home visit: contact first, then what to watch for; whom to call, with a number to tap.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("article.handover").WaitForAsync();
        Assert.Equal("Contact en adres", await page.Locator("article.handover h2").First.InnerTextAsync());
        Assert.Equal("Cliënt", await page.Locator("article.handover section[data-section]").First.GetAttributeAsync("data-section"));
        Assert.Equal("Waar op te letten", await page.Locator("article.handover h2").Nth(1).InnerTextAsync());
        var call = page.Locator("#vragen");
        StringAssert(await call.InnerTextAsync(), "Vragen? Bel Verloskundigenpraktijk De Maas: 010-0000101");
        Assert.Equal("tel:0100000101", await call.Locator("a").GetAttributeAsync("href"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Afdrukken" }).WaitForAsync();
        Assert.Equal("geopend", await page.Locator("#status").InnerTextAsync());
        Assert.True(await FitsAsync(page), "The handover scrolls sideways.");
        await BrowserHost.AssertAccessibleAsync(page);

        await page.GetByLabel("Bericht aan de overdrager (niet verplicht)").FillAsync("Eerste huisbezoek op dinsdag.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).ClickAsync();
        await page.Locator("#status", new() { HasText = "ontvangst bevestigd" }).WaitForAsync();
        StringAssert(await page.Locator("p.result").InnerTextAsync(), "De ontvangst is bevestigd en uw bericht is doorgegeven aan de overdrager.");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).CountAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        // The midwife's practice reads the note.
        await using var scope = Host.Services.CreateAsyncScope();
        var receipt = Assert.Single((await scope.ServiceProvider.GetRequiredService<HandoverReads>().SentAsync(mine, Midwife, CancellationToken.None))!);
        Assert.Equal((HandoverStatus.Acknowledged, "Eerste huisbezoek op dinsdag."), (receipt.Status, receipt.Note));
    }

    private static void StringAssert(string actual, string expected) => Assert.Equal(expected, actual.Trim());

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>A client after the birth whose postnatal handover was consented to and sent to JGZ Rotterdam-Zuid; returns the handover task.</summary>
    private async Task<Guid> SentHandoverAsync(string reference, ClientIdentity mother)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        var handover = await journey.BornAsync(mother, CancellationToken.None);
        await journey.ConsentAsync(await journey.PreviewAsync(handover, CancellationToken.None), CancellationToken.None);
        await journey.SendAsync(handover, CancellationToken.None);
        return handover;
    }

    private async Task AcknowledgedAsync(Guid handover)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteOnTaskAsync(handover, new AcknowledgeHandover(handover) { By = Nurse }, CancellationToken.None);
        Assert.Null(result.Rejection);
    }
}
