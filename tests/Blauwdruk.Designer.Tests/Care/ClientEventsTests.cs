using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>
/// What changes a client's pathway for good asks first and records nothing wrong: the start (whole or not at
/// all, never twice), the safety concern (a note, a confirmation, one Meldcode) and the birth (a real date,
/// checked against the due date, and corrected the same day by who recorded it). Dates are typed the Dutch way.
/// </summary>
public class ClientEventsTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private static DateOnly Today => DutchWorkingDays.DateOf(DateTimeOffset.UtcNow);

    private async Task<int> InstancesAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Instances.CountAsync(i => i.ClientReference == reference);
    }

    private async Task<Guid> StartAsync(string reference, DateOnly? due = null)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        if (due is { } date)
        {
            await journey.RunAsync(new RecordClinicalDate(DeadlineAnchor.ExpectedDeliveryDate, date) { By = Midwife }, CancellationToken.None);
        }

        return journey.InstanceId;
    }

    [Fact]
    public async Task A_refused_start_creates_nothing_and_a_second_start_for_the_same_client_links_to_the_first()
    {
        var page = await Host.OpenAsync("/trajecten/nieuw", "verloskundige-maas");
        await page.GetByLabel("Eigen cliëntreferentie").FillAsync("BR-EENMAAL-1");
        await page.GetByLabel("Woongemeente").SelectOptionAsync("GM0599");
        await page.GetByLabel("Uitgerekende datum").FillAsync(Dutch(Today.AddMonths(5)));
        await page.GetByLabel("BSN", new() { Exact = true }).FillAsync(TestBsn.Fresh());
        await page.GetByLabel("Voornaam").FillAsync("Test");
        await page.GetByLabel("Achternaam").FillAsync("Cliënt");
        // Five years old: the engine refuses the identity, so nothing of the start is kept.
        await page.GetByLabel("Geboortedatum").FillAsync(Dutch(Today.AddYears(-5)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        Assert.Contains("geboortedatum", await page.Locator("[role=alert]").InnerTextAsync());
        Assert.Equal(0, await InstancesAsync("BR-EENMAAL-1"));

        await page.GetByLabel("Geboortedatum").FillAsync("14-03-1996");
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        await page.WaitForURLAsync("**/clienten/*", BrowserHost.Committed);
        var first = new Uri(page.Url).AbsolutePath;
        Assert.Contains(Written(Today.AddMonths(5)), await page.Locator("dl.facts").InnerTextAsync());
        Assert.Equal(1, await InstancesAsync("BR-EENMAAL-1"));

        await page.GotoAsync(Host.BaseUrl.TrimEnd('/') + "/trajecten/nieuw");
        await page.GetByLabel("Eigen cliëntreferentie").FillAsync("BR-EENMAAL-1");
        await page.GetByLabel("Woongemeente").SelectOptionAsync("GM0599");
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        var refusal = page.Locator("[role=alert]");
        Assert.Contains("al een traject", await refusal.InnerTextAsync());
        Assert.Equal(first, await refusal.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        Assert.Equal(1, await InstancesAsync("BR-EENMAAL-1"));
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "start-dubbel");
    }

    [Fact]
    public async Task A_date_that_is_not_day_month_year_is_named_and_a_past_due_date_is_refused()
    {
        var page = await Host.OpenAsync("/trajecten/nieuw", "verloskundige-maas", BrowserHost.Phone);
        await page.GetByLabel("Eigen cliëntreferentie").FillAsync("BR-DATUM-1");
        await page.GetByLabel("Woongemeente").SelectOptionAsync("GM0599");
        var due = page.GetByLabel("Uitgerekende datum");
        Assert.Equal("dd-mm-jjjj", await due.GetAttributeAsync("placeholder"));
        await due.FillAsync("12/31/2027");
        await due.BlurAsync();
        Assert.Contains("dag-maand-jaar", await page.Locator("#edd-onleesbaar").InnerTextAsync());
        Assert.Equal("true", await due.GetAttributeAsync("aria-invalid"));

        await due.FillAsync(Dutch(Today.AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Traject starten" }).ClickAsync();
        Assert.Contains("in het verleden", await page.Locator("[role=alert]").InnerTextAsync());
        Assert.Equal(0, await InstancesAsync("BR-DATUM-1"));
        await BrowserHost.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_safety_concern_asks_for_a_note_and_a_second_one_joins_the_running_meldcode()
    {
        var client = await StartAsync("BR-ZORG-1");
        var page = await Host.OpenAsync($"/clienten/{client}", "verloskundige-maas", BrowserHost.Phone);
        await page.Locator("h1", new() { HasText = "BR-ZORG-1" }).WaitForAsync();

        // Opening the form changes nothing; cancelling neither.
        await page.GetByRole(AriaRole.Button, new() { Name = "Zorg over de veiligheid melden" }).ClickAsync();
        Assert.Contains("start de Meldcode-route", await page.Locator("form[aria-labelledby=zorg-kop]").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuleren" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Zorg over de veiligheid melden" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, zorg melden" }).ClickAsync();
        Assert.Contains("Schrijf op wat u zag", await page.Locator("#zorg-notitie-probleem").InnerTextAsync());
        Assert.DoesNotContain("signalen in kaart brengen", await page.Locator("section[aria-labelledby=open-taken]").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "zorg-melden-telefoon");

        await page.GetByLabel("Wat heeft u gezien of gehoord?").FillAsync("Blauwe plekken op de onderarm, uitleg klopt niet.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, zorg melden" }).ClickAsync();
        Assert.Contains("Meldcode-route is gestart", await page.Locator("[role=status]").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Zorg over de veiligheid melden" }).ClickAsync();
        Assert.Contains("loopt al een Meldcode-route", await page.Locator("form[aria-labelledby=zorg-kop]").InnerTextAsync());
        await page.GetByLabel("Wat heeft u gezien of gehoord?").FillAsync("Cliënt zegt dat zij niet alleen naar buiten mag.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, zorg melden" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "nieuw signaal toegevoegd" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("section[aria-labelledby=open-taken] li", new() { HasText = "signalen in kaart brengen" }).CountAsync());
    }

    [Fact]
    public async Task A_birth_needs_its_date_not_in_the_future_and_a_reason_when_far_from_the_due_date()
    {
        var today = Today; // once: a run across midnight compares one day with itself
        var due = today.AddDays(60);
        var client = await StartAsync("BR-GEBOORTE-1", due);
        var page = await Host.OpenAsync($"/clienten/{client}", "verloskundige-maas", BrowserHost.Phone);
        await page.Locator("h1", new() { HasText = "BR-GEBOORTE-1" }).WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Geboorte vastleggen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte vastleggen" }).ClickAsync();
        Assert.Equal("Vul de geboortedatum in.", await page.Locator("#geboren-op-probleem").InnerTextAsync());

        await page.GetByLabel("Geboortedatum").FillAsync(Dutch(today.AddDays(1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte vastleggen" }).ClickAsync();
        await page.Locator("#geboren-op-probleem", new() { HasText = "in de toekomst" }).WaitForAsync();

        // today is more than 6 weeks before the due date: a warning and a reason.
        await page.GetByLabel("Geboortedatum").FillAsync(Dutch(today));
        await page.GetByLabel("Aantal kinderen").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte vastleggen" }).ClickAsync();
        Assert.Contains("8 weken en 4 dagen vóór de uitgerekende datum", await page.Locator("#geboorte-waarschuwing").InnerTextAsync());
        Assert.Contains("Geef de reden", await page.Locator("#geboorte-reden-probleem").InnerTextAsync());
        Assert.Contains("zwangerschap", await page.Locator("dl.facts").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "geboorte-telefoon");

        await page.GetByLabel("Reden dat de datum klopt").FillAsync("Vroeggeboorte bij 31 weken");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte vastleggen" }).ClickAsync();
        Assert.Contains("De geboorte is vastgelegd", await page.Locator("[role=status]").InnerTextAsync());
        Assert.Contains($"{Written(today)} (2 kinderen)", await page.Locator("dl.facts").InnerTextAsync());
    }

    [Fact]
    public async Task A_birth_recorded_by_mistake_is_undone_the_same_day_with_a_reason_and_the_pregnancy_tasks_come_back()
    {
        var client = await StartAsync("BR-CORRECTIE-1", Today.AddDays(10));
        var page = await Host.OpenAsync($"/clienten/{client}", "verloskundige-maas");
        await page.Locator("h1", new() { HasText = "BR-CORRECTIE-1" }).WaitForAsync();
        var before = await page.Locator(".current-steps li a").AllInnerTextsAsync();
        Assert.NotEmpty(before);

        await page.GetByRole(AriaRole.Button, new() { Name = "Geboorte vastleggen" }).ClickAsync();
        await page.GetByLabel("Geboortedatum").FillAsync(Dutch(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte vastleggen" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "De geboorte is vastgelegd" }).WaitForAsync();
        Assert.Equal(["Bevalling vastleggen"], await page.Locator(".current-steps li a").AllInnerTextsAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Geboorte corrigeren" }).ClickAsync();
        await page.GetByLabel("Zij is nog niet bevallen").CheckAsync();
        await page.Locator(".warning", new() { HasText = "weer open" }).WaitForAsync();
        // Without a reason nothing changes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte corrigeren" }).ClickAsync();
        Assert.Contains("reden", await page.Locator("#correctie-reden-probleem").InnerTextAsync());
        Assert.Contains("na de geboorte", await page.Locator("dl.facts").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "geboorte-corrigeren");

        await page.GetByLabel("Reden van de correctie").FillAsync("Bij de verkeerde cliënt vastgelegd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte corrigeren" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "teruggedraaid" }).WaitForAsync();
        Assert.Contains("zwangerschap", await page.Locator("dl.facts").InnerTextAsync());
        Assert.DoesNotContain("Geboren", await page.Locator("dl.facts").InnerTextAsync());
        Assert.Equal(before.Order(), (await page.Locator(".current-steps li a").AllInnerTextsAsync()).Order());
        Assert.Contains("geboorte teruggedraaid: zij was nog niet geboren — Bij de verkeerde cliënt vastgelegd", await page.Locator(".timeline").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Geboorte vastleggen" }).WaitForAsync();
    }

    [Fact]
    public async Task On_a_phone_the_birth_date_and_the_number_of_children_are_corrected_the_same_day()
    {
        var client = await StartAsync("BR-CORRECTIE-2", Today.AddDays(10));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
            Assert.Null((await runner.ExecuteAsync(client, new RaiseSignal("birth") { By = Midwife }, CancellationToken.None)).Rejection);
        }

        var page = await Host.OpenAsync($"/clienten/{client}", "verloskundige-maas", BrowserHost.Phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Geboorte corrigeren" }).ClickAsync();
        Assert.Equal(Dutch(Today), await page.GetByLabel("Juiste geboortedatum").InputValueAsync());
        await page.GetByLabel("Juiste geboortedatum").FillAsync(Dutch(Today.AddDays(-1)));
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Aantal kinderen" }).FillAsync("2");
        await page.GetByLabel("Reden van de correctie").FillAsync("Geboren vlak voor middernacht; een tweeling");
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "geboorte-corrigeren-telefoon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, geboorte corrigeren" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "De geboorte is gecorrigeerd" }).WaitForAsync();
        Assert.Contains($"{Written(Today.AddDays(-1))} (2 kinderen)", await page.Locator("dl.facts").InnerTextAsync());
        Assert.Contains("geboorte gecorrigeerd", await page.Locator(".timeline").InnerTextAsync());
    }

    private static string Dutch(DateOnly date) => date.ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static string Written(DateOnly date) => DutchWorkingDays.Written(date);
}
