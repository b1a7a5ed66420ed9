using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>
/// The Meldcode's step 5 and the legal grounds in a real browser: the afwegingskader as a form on the
/// step, whose answers refuse "help only" after acute unsafety; the aandachtsfunctionaris's ground
/// form, which offers only the grounds valid for the recipient; and a send that says why it cannot leave.
/// </summary>
public class MeldcodeJourneyTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    /// <summary>A client whose Meldcode route stands at step 5, raised by the midwife's practice.</summary>
    private async Task<(Guid Client, Guid Decide)> AtStepFiveAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        await journey.RunAsync(new RaiseSignal("safety-concern") { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("VT_SIGNALS"), null) { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("VT_CONSULT"), "advies-vastgelegd") { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("VT_TALK"), "gevoerd") { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("VT_WEIGH"), null) { By = Midwife }, CancellationToken.None);
        return (journey.InstanceId, journey.Open("VT_DECIDE"));
    }

    private static async Task AnswerAsync(IPage page, int question, bool yes, string why)
    {
        await page.Locator($"[data-link-id='vraag{question}.antwoord']").GetByLabel(yes ? "Ja" : "Nee", new() { Exact = true }).CheckAsync();
        var justification = page.Locator($"[data-link-id='vraag{question}.toelichting'] textarea");
        await justification.FillAsync(why);
        await justification.DispatchEventAsync("change");
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task After_acute_unsafety_the_afwegingskader_refuses_help_only_and_a_report_with_help_goes_on(int width, int height)
    {
        var (client, decide) = await AtStepFiveAsync($"BR-AFWEGING-{width}");
        var page = await Host.OpenAsync($"/taken/{decide}", "verloskundige-maas", new ViewportSize { Width = width, Height = height });
        await page.Locator("h1", new() { HasText = "Stap 5: beslissen met het afwegingskader" }).WaitForAsync();
        await page.Locator(".questionnaire").WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        // Questions 2 to 4 appear once question 1 is answered yes (and 4 once 3 is).
        Assert.Equal(0, await page.Locator("[data-link-id='vraag2']").CountAsync());
        await AnswerAsync(page, 1, yes: true, "Blauwe plekken gezien; zij vertelt over slaan door haar partner.");
        await AnswerAsync(page, 2, yes: true, "De dreiging neemt toe sinds de zwangerschap.");
        await AnswerAsync(page, 3, yes: true, "POP-poli en wijkteam kunnen direct helpen.");
        await AnswerAsync(page, 4, yes: true, "Zij wil de hulp.");
        await page.GetByLabel("Hulp bieden of organiseren en het effect volgen (niet melden)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();

        var refusal = page.Locator("form.complete [role=alert]");
        await refusal.WaitForAsync();
        Assert.Contains("Bij acute of structurele onveiligheid is melden bij Veilig Thuis altijd nodig (afwegingskader, vraag 2", await refusal.InnerTextAsync());
        Assert.Equal(0, await page.Locator(".result").CountAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, $"afwegingskader-geweigerd-{width}");

        await page.GetByLabel("Melden bij Veilig Thuis én hulp bieden, afgestemd met Veilig Thuis").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        Assert.Contains("Melding bij Veilig Thuis", await page.Locator(".result").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The afwegingskader scrolls sideways.");
        await BrowserHost.ScreenshotAsync(page, $"afwegingskader-gemeld-{width}");
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task The_aandachtsfunctionaris_gets_only_the_grounds_valid_for_the_recipient_and_an_incomplete_weighing_is_refused(int width, int height)
    {
        var (client, _) = await AtStepFiveAsync($"BR-GRONDSLAG-{width}");
        var page = await Host.OpenAsync($"/clienten/{client}", "aandachtsfunctionaris-maas", new ViewportSize { Width = width, Height = height });
        var form = page.Locator("section.legal-ground");
        await form.WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        // Toward the JGZ the meldrecht is not on offer; toward Veilig Thuis it is the only ground.
        Assert.Equal(["Conflict van plichten, gewogen voor deze cliënt nu"], await form.Locator("fieldset:has(legend:text('Grondslag')) label").AllInnerTextsAsync());
        await form.GetByLabel("Veilig Thuis", new() { Exact = true }).CheckAsync();
        await form.Locator("fieldset:has(legend:text('Grondslag')) label", new() { HasText = "Meldrecht" }).WaitForAsync();
        Assert.Equal(["Meldrecht (art. 5.2.6 Wmo 2015) — alleen binnen de Meldcode"], await form.Locator("fieldset:has(legend:text('Grondslag')) label").AllInnerTextsAsync());

        // A conflict of duties without its weighing: asked to confirm, then refused, and nothing recorded.
        await form.GetByLabel("De JGZ (overdracht)").CheckAsync();
        await form.GetByLabel("Gewogen met (de behandelend professional)").WaitForAsync();
        await form.GetByLabel("Waarom deze grondslag hier geldt").FillAsync("Acute onveiligheid van het ongeboren kind.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Grondslag vastleggen" }).ClickAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Ja, grondslag vastleggen" }).ClickAsync();
        var refusal = form.Locator("p.problem[role=alert]");
        await refusal.WaitForAsync();
        Assert.Contains("De weging van het conflict van plichten is niet compleet", await refusal.InnerTextAsync());
        Assert.Equal(0, await form.Locator(".result").CountAsync());

        await form.GetByLabel("Gewogen met (de behandelend professional)").FillAsync("verloskundige M. de Vries");
        await form.GetByLabel("Waarom geen toestemming kon worden gevraagd, of waarom zij werd geweigerd").FillAsync("Toestemming vragen brengt haar in gevaar.");
        await form.GetByLabel("Zwangerschap", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("De weging geldt tot en met").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Grondslag vastleggen" }).ClickAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Ja, grondslag vastleggen" }).ClickAsync();
        Assert.Contains("De grondslag voor de JGZ is vastgelegd.", await form.Locator(".result").InnerTextAsync());
        await Assertions.Expect(page.Locator("section[aria-labelledby=tijdlijn]")).ToContainTextAsync("Conflict van plichten");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The ground form scrolls sideways.");
        await BrowserHost.ScreenshotAsync(page, $"grondslag-vastgelegd-{width}");
    }

    [Fact]
    public async Task A_handover_without_consent_or_weighing_says_why_it_cannot_leave_and_a_send_is_refused_with_the_reason()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync("BR-VERSTUREN-1", "GM0599", CancellationToken.None);
        var handover = await journey.BornAsync(new ClientIdentity(TestBsn.Fresh(), "Versturen", "Test", new DateOnly(1995, 4, 3)), CancellationToken.None);

        var page = await Host.OpenAsync($"/taken/{handover}", "verloskundige-maas", BrowserHost.Phone);
        var why = page.Locator("#waarom-niet");
        await why.WaitForAsync();
        Assert.Contains("Er is geen toestemming van de cliënt voor de postnatale overdracht aan de JGZ, en geen gewogen conflict van plichten", await why.InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).CountAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        // The send waits for a consent or a weighing: the button is off and names why.
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" });
        Assert.True(await send.IsDisabledAsync());
        Assert.Equal("waarom-niet", await send.GetAttributeAsync("aria-describedby"));
        Assert.Contains("er gaat niets naar de JGZ", await why.InnerTextAsync());
        await BrowserHost.ScreenshotAsync(page, "versturen-geweigerd");
        await using var check = Host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<Blauwdruk.Engine.Storage.BlauwdrukDbContext>();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.HandoverDocuments, h => h.InstanceId == journey.InstanceId));
    }
}
