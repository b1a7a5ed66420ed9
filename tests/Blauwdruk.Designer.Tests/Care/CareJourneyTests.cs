using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>The care professionals' and the JGZ's journeys in a real browser, through the real login, with axe-core on every page.</summary>
public class CareJourneyTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static readonly string[] Positive = ["psychosociaal.1", "psychopathologie.2", "hulpbronnen.1", "hulpbronnen.3"];

    [Fact]
    public async Task A_midwife_starts_a_pathway_fills_a_positive_screening_and_finds_the_conversation_in_her_worklist()
    {
        var page = await Host.OpenAsync("/", "verloskundige-maas");
        await page.WaitForURLAsync("**/werklijst", BrowserHost.Committed);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuw traject starten" }).ClickAsync();
        await page.WaitForURLAsync("**/trajecten/nieuw", BrowserHost.Committed);
        await BrowserHost.AssertAccessibleAsync(page);

        // A wrong BSN is named next to its field, and nothing starts.
        await page.GetByLabel("Eigen cliëntreferentie").FillAsync("BR-SCREEN-1");
        await page.GetByLabel("Woongemeente").SelectOptionAsync("GM0599");
        await page.GetByLabel("Uitgerekende datum").FillAsync("2027-06-01");
        await page.GetByLabel("BSN", new() { Exact = true }).FillAsync("123456789");
        await page.GetByLabel("Voornaam").FillAsync("Test");
        await page.GetByLabel("Achternaam").FillAsync("Cliënt");
        await page.GetByLabel("Geboortedatum").FillAsync("1995-04-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        Assert.Contains("geen geldig BSN", await page.Locator(".field:has(#bsn) .problem").InnerTextAsync());
        // A BSN no other client of this test class has: a second active pathway for one BSN is refused.
        await page.GetByLabel("BSN", new() { Exact = true }).FillAsync(TestBsn.Fresh());
        await page.GetByLabel("BSN", new() { Exact = true }).BlurAsync();
        // The corrected field drops its message and the button moves up: click it where it ends up.
        await page.Locator(".field:has(#bsn) .problem").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        await page.WaitForURLAsync("**/clienten/*", BrowserHost.Committed);
        await page.Locator("h1", new() { HasText = "Cliënt BR-SCREEN-1" }).WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        await CompleteAsync(page, "Intake eerste zwangerschapscontrole", fill: async form =>
        {
            // The intake's form: gravidity and parity are required, for the handover to the JGZ.
            await form.GetByLabel("graviditeit").FillAsync("1");
            await form.GetByLabel("pariteit").FillAsync("0");
        });
        await CompleteAsync(page, "Identiteit en BSN vaststellen", "Identiteit en BSN vastgesteld");

        await page.GetByRole(AriaRole.Link, new() { Name = "Screening psychopathologie" }).First.ClickAsync();
        await page.Locator(".questionnaire").WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        Assert.Equal("Beantwoord deze vraag.", await page.Locator("[data-link-id='psychosociaal.1'] .problem").InnerTextAsync());
        Assert.Equal(13, await page.Locator(".problem").CountAsync()); // 12 questions unanswered and the outcome
        foreach (var question in await page.Locator(".q-choice").AllAsync())
        {
            var linkId = await question.GetAttributeAsync("data-link-id");
            await question.GetByLabel(Positive.Contains(linkId) ? "Ja" : "Nee", new() { Exact = true }).CheckAsync();
        }

        await page.GetByLabel("Screening afgenomen").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        Assert.Contains("Uitkomst bespreken met de zwangere", await page.Locator(".result").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Terug naar de werklijst" }).ClickAsync();
        var row = page.Locator("tr[data-step=DISCUSS]", new() { HasText = "BR-SCREEN-1" });
        await row.WaitForAsync();
        Assert.Contains("Uitkomst bespreken", await row.InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "werklijst", fullPage: false);
    }

    [Fact]
    public async Task A_midwife_on_a_phone_starts_a_pathway_for_a_client_without_a_bsn()
    {
        var page = await Host.OpenAsync("/trajecten/nieuw", "verloskundige-maas", BrowserHost.Phone);
        await page.GetByLabel("Eigen cliëntreferentie").FillAsync("BR-GEENBSN-1");
        await page.GetByLabel("Woongemeente").SelectOptionAsync("GM0599");
        await page.GetByLabel("Geen BSN (nog)").CheckAsync();
        // The field is disabled once the page has re-rendered.
        await page.Locator("#bsn[disabled]").WaitForAsync();
        Assert.True(await page.GetByLabel("BSN", new() { Exact = true }).IsDisabledAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        Assert.Contains("Vul de voornaam in zonder BSN.", await page.Locator(".field:has(#given) .problem").InnerTextAsync());

        await page.GetByLabel("Voornaam").FillAsync("Amina");
        await page.GetByLabel("Achternaam").FillAsync("Test");
        await page.GetByLabel("Geboortedatum").FillAsync("1999-02-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        await page.WaitForURLAsync("**/clienten/*", BrowserHost.Committed);
        Assert.Contains("zonder BSN (nog)", await page.Locator("section[aria-labelledby=tijdlijn]").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "client-zonder-bsn");
    }

    [Fact]
    public async Task A_kraamverzorgende_on_a_phone_raises_a_safety_concern_that_the_other_organisation_does_not_see()
    {
        var client = await StartAsync("BR-VEILIG-1");
        var page = await Host.OpenAsync($"/clienten/{client}", "kraamverzorgende-rijnmond", BrowserHost.Phone);
        await page.Locator("h1", new() { HasText = "BR-VEILIG-1" }).WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Zorg over de veiligheid melden" }).ClickAsync();
        await page.GetByLabel("Wat heeft u gezien of gehoord?").FillAsync("Partner schreeuwde tijdens het kraambezoek; cliënt schrok zichtbaar.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, zorg melden" }).ClickAsync();
        Assert.Contains("Meldcode-route is gestart", await page.Locator("[role=status]").InnerTextAsync());
        var meldcode = page.Locator("section[aria-labelledby=open-taken] li", new() { HasText = "signalen in kaart brengen" });
        await meldcode.WaitForAsync();
        Assert.Contains("(Professional die de zorg over de veiligheid signaleerde", await meldcode.InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "client-telefoon");

        var hospital = await Host.OpenAsync($"/clienten/{client}", "gynaecoloog-zuid");
        await hospital.Locator("h1", new() { HasText = "BR-VEILIG-1" }).WaitForAsync();
        Assert.Contains("Intake eerste zwangerschapscontrole", await hospital.Locator("section[aria-labelledby=open-taken]").InnerTextAsync());
        Assert.DoesNotContain("Meldcode", await hospital.Locator("main").InnerTextAsync());
        Assert.DoesNotContain("veiligheid", await hospital.Locator("section[aria-labelledby=tijdlijn]").InnerTextAsync());
    }

    [Fact]
    public async Task A_jgz_nurse_opens_a_handover_and_acknowledges_it_and_it_leaves_her_new_list()
    {
        await SentHandoverAsync("BR-OVERDRACHT-1");
        var page = await Host.OpenAsync("/", "jgz-rijnmond");
        await page.WaitForURLAsync("**/overdrachten", BrowserHost.Committed);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Nieuw") }).ClickAsync();
        await page.WaitForURLAsync("**/overdrachten?filter=nieuw", BrowserHost.Committed);
        var item = page.Locator("#overdrachten li", new() { HasText = "Postnatale overdracht" });
        await item.First.WaitForAsync();
        var before = await page.Locator("#overdrachten li").CountAsync();
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "inbox", fullPage: false);

        await item.First.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).WaitForAsync();
        Assert.Equal("geopend", await page.Locator("#status").InnerTextAsync());
        Assert.Contains("Zorgteam", await page.Locator("article.handover").InnerTextAsync());
        Assert.Equal("Psychosociaal", await page.Locator("article.handover section.risk h3").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "overdracht", fullPage: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).ClickAsync();
        await page.Locator("#status", new() { HasText = "ontvangst bevestigd" }).WaitForAsync();

        await page.GoBackAsync();
        await page.WaitForURLAsync("**/overdrachten?filter=nieuw", BrowserHost.Committed);
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#overdrachten li').length === n", before - 1);
    }

    [Theory]
    [InlineData(375, 740)]
    [InlineData(768, 1024)]
    public async Task The_worklist_and_a_task_fit_a_phone_and_a_tablet(int width, int height)
    {
        await StartAsync($"BR-SCHERM-{width}");
        var page = await Host.OpenAsync("/werklijst", "verloskundige-maas", new ViewportSize { Width = width, Height = height });
        var row = page.Locator("tr[data-step=INTAKE]", new() { HasText = $"BR-SCHERM-{width}" });
        await row.WaitForAsync();
        Assert.True(await FitsAsync(page), "The worklist scrolls sideways.");
        await BrowserHost.AssertAccessibleAsync(page);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).WaitForAsync();
        Assert.True(await FitsAsync(page), "The task page scrolls sideways.");
        await BrowserHost.AssertAccessibleAsync(page);
    }

    /// <summary>Whether the page fits its window's width: nothing to scroll sideways (the diagram scrolls inside its own box).</summary>
    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    [Fact]
    public async Task A_new_task_appears_in_the_open_worklist_without_a_reload()
    {
        var page = await Host.OpenAsync("/werklijst", "verloskundige-maas");
        await page.Locator("h1", new() { HasText = "Werklijst" }).WaitForAsync();
        await page.Locator("p.empty, table.worklist").First.WaitForAsync();

        var client = await StartAsync("BR-NIEUW-1");

        var row = page.Locator("tr[data-step=INTAKE]", new() { HasText = "BR-NIEUW-1" });
        await row.WaitForAsync();
        Assert.Contains("Intake eerste zwangerschapscontrole", await row.InnerTextAsync());

        // Not taken on by her yet: not among "my" tasks.
        await page.GetByLabel("Alleen mijn taken").CheckAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByLabel("Alleen mijn taken").UncheckAsync();
        await row.WaitForAsync();

        // The page reads through the access log: the client once when she appears, not at every refresh.
        await page.WaitForTimeoutAsync(6000);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("h1", new() { HasText = "Intake eerste zwangerschapscontrole" }).WaitForAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<Blauwdruk.Engine.Storage.BlauwdrukDbContext>().AccessLog
            .Where(Blauwdruk.Engine.Audit.AccessLogEntry.About(client.ToString())).Where(e => e.UserId == "verloskundige-maas").Select(e => e.Resource + " " + e.Outcome).ToListAsync();
        Assert.Equal(["StartInstance allowed", "web /werklijst allowed", "web /taken/{id} allowed"], log);
    }

    [Fact]
    public async Task A_long_worklist_shows_fifty_tasks_and_loads_more_on_request()
    {
        var client = await StartAsync("BR-MEER-1");
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Blauwdruk.Engine.Storage.BlauwdrukDbContext>();
            var instance = await db.Instances.SingleAsync(i => i.Id == client);
            var now = Host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            db.Tasks.AddRange(Enumerable.Range(0, 55).Select(i => new TaskRecord
            {
                Id = Guid.NewGuid(), InstanceId = client, PathwayId = instance.PathwayId, PathwayVersion = instance.PathwayVersion, StepId = "INTAKE",
                Role = "verloskundige", OrganisationId = Midwife.OrganisationId, Status = PathwayTaskStatus.Requested, ActivatedAt = now, DueAt = now.AddDays(20 + i),
            }));
            await db.SaveChangesAsync();
        }

        var page = await Host.OpenAsync("/werklijst", "verloskundige-maas", BrowserHost.Phone);
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Cliënt" }).FillAsync("br-meer");
        var rows = page.Locator("table.worklist tbody tr");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('table.worklist tbody tr').length === 50");
        var more = page.GetByRole(AriaRole.Button, new() { Name = "Meer laden" });
        Assert.Contains("50 taken getoond; er zijn er meer.", await page.Locator(".worklist-more").InnerTextAsync());
        await more.ScrollIntoViewIfNeededAsync();
        Assert.True(await FitsAsync(page), "The worklist scrolls sideways.");
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "werklijst-meer-laden", fullPage: false);

        await more.ClickAsync();

        await page.WaitForFunctionAsync("() => document.querySelectorAll('table.worklist tbody tr').length === 56");
        Assert.Equal(0, await more.CountAsync());
        Assert.All(await rows.AllInnerTextsAsync(), text => Assert.Contains("BR-MEER-1", text, StringComparison.Ordinal));
        // The refresh reads what the page shows, not only the first page.
        await page.WaitForTimeoutAsync(6000);
        Assert.Equal(56, await rows.CountAsync());
    }

    [Fact]
    public async Task A_jgz_nurse_acknowledges_a_handover_with_the_keyboard_alone()
    {
        await SentHandoverAsync("BR-TOETSENBORD-1");
        var page = await Host.OpenAsync("/overdrachten?filter=nieuw", "jgz-rijnmond");
        await page.Locator("#overdrachten li").First.WaitForAsync();

        await TabToAsync(page, "#overdrachten a");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("article.handover").WaitForAsync();
        await TabToAsync(page, "button.primary");
        Assert.Equal("Ontvangst bevestigen", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await page.Locator("#status", new() { HasText = "ontvangst bevestigd" }).WaitForAsync();
    }

    /// <summary>Presses Tab until the focus is on an element matching the selector, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    /// <summary>Opens the task with this label from the client page and completes it, with the outcome of this label if it has outcomes.</summary>
    private static async Task CompleteAsync(IPage page, string label, string? outcome = null, Func<IPage, Task>? fill = null)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = label }).First.ClickAsync();
        await page.Locator("h1", new() { HasText = label }).WaitForAsync();
        if (fill is not null)
        {
            await fill(page);
        }

        if (outcome is not null)
        {
            await page.GetByLabel(outcome).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.Locator(".result").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Naar de cliënt" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Cliënt" }).WaitForAsync();
    }

    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private async Task<Guid> StartAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        return journey.InstanceId;
    }

    /// <summary>A client after the birth whose postnatal handover was consented to and sent to JGZ Rotterdam-Zuid.</summary>
    private async Task SentHandoverAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        await journey.SentHandoverAsync(new ClientIdentity(TestBsn.Fresh(), "Overdracht", "Test", new DateOnly(1995, 4, 3)), CancellationToken.None);
    }
}
