using Blauwdruk.Engine;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>
/// Before a region's pathway is published the standard's scenarios run through it: the coordinator sees them pass or
/// why not, a failing one blocks publishing with its reason, and the confirmation compares with the version in use
/// and the standard, warning where a text of the standard on safety was kept.
/// </summary>
public class PublishGuardTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static readonly Actor Coordinator = new("coordinator-rijnmond", [PathwayVersions.CoordinatorRole], "ura:90000100") { Region = "rijnmond-zuid" };

    private async Task SaveDraftAsync(string yaml)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<PathwayVersions>().SaveDraftAsync("rijnmond-zuid", yaml, Coordinator, CancellationToken.None);
        Assert.Null(saved.Refusal);
    }

    [Fact]
    public async Task Every_scenario_of_the_standard_is_played_on_the_draft_a_failing_one_blocks_publishing_and_a_fixed_draft_is_confirmed_against_the_version_in_use()
    {
        await SaveDraftAsync(RotterdamOverlay.StuckAtHomeVisit(RotterdamOverlay.At("1.5.0")));
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken");
        await page.GetByRole(AriaRole.Button, new() { Name = "Alle scenario's van de standaard afspelen" }).ClickAsync();
        var runs = page.Locator("table.scenario-runs");
        await runs.WaitForAsync();
        Assert.Contains("mislukt", await runs.Locator("caption").InnerTextAsync());
        Assert.Contains("Het afronden van 'Huisbezoek door de wijkverpleging' geweigerd: Eerst het afwegingskader invullen",
            await runs.Locator("tr.failed").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(".yaml", await runs.InnerTextAsync(), StringComparison.Ordinal); // "Regel 10: …", not the file's name

        await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren…" }).ClickAsync();
        var blocked = page.Locator("#publiceren-geblokkeerd");
        await blocked.WaitForAsync();
        Assert.Contains("Publiceren kan niet", await blocked.InnerTextAsync());
        Assert.Equal(0, await page.Locator("section.confirm").CountAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await blocked.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "publiceren-geblokkeerd", fullPage: false);

        // The region takes its step out again (a new draft): every scenario passes or is named not testable, and publishing asks first.
        await SaveDraftAsync(RotterdamOverlay.At("1.5.0").Replace("    - step: DISCUSS\n      deadline: P7D", "    - step: DISCUSS\n      deadline: P5D", StringComparison.Ordinal));
        page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken");
        await page.GetByRole(AriaRole.Button, new() { Name = "Alle scenario's van de standaard afspelen" }).ClickAsync();
        var caption = await page.Locator("table.scenario-runs caption").InnerTextAsync();
        Assert.Contains(" 0 mislukt", caption, StringComparison.Ordinal);
        Assert.Contains("Aangepast aan de regio", await page.Locator("table.scenario-runs").InnerTextAsync());

        // The diff keeps the standard's sentence on safety in the region's own instructions, and says so.
        var discuss = page.Locator("table.diff tr[data-step=DISCUSS]").Filter(new() { HasText = "instructies" });
        Assert.Contains("Die zin blijft altijd staan", await discuss.Locator("p.warning").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren…" }).ClickAsync();
        var confirm = page.Locator("section.confirm");
        await confirm.WaitForAsync();
        var text = await confirm.InnerTextAsync();
        Assert.Contains("Ten opzichte van versie 1.4.0, die nu in gebruik is", text, StringComparison.Ordinal);
        var sinceInUse = text.Split("Ten opzichte van de standaard")[0];
        Assert.Contains("Uitkomst bespreken met de zwangere: termijn binnen 1 week → binnen 5 dagen", sinceInUse, StringComparison.Ordinal);
        Assert.DoesNotContain("Zorgplan afstemmen met de POP-poli", sinceInUse, StringComparison.Ordinal); // in use already: no change
        Assert.Contains("Zorgplan afstemmen met de POP-poli: toegevoegd", text, StringComparison.Ordinal);
        Assert.Contains("Ten opzichte van de standaard 1.3.0", text, StringComparison.Ordinal);
        await BrowserHost.AssertAccessibleAsync(page);
        await confirm.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "publiceren-bevestigen", fullPage: false);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Publiceren bevestigen" }).ClickAsync();
        await page.Locator("table.history tr[data-version='1.5.0']").Filter(new() { HasText = "gepubliceerd" }).WaitForAsync();
    }
}
