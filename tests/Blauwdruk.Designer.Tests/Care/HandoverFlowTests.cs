using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>
/// The midwife's postnatal handover on its task page, in a real browser: the identity taken down there
/// (a wrong BSN refused in Dutch), the preview as the JGZ gets it, the client's consent against it, the
/// send with its confirmation, and where it stands once the JGZ nurse acknowledged it with a note.
/// </summary>
public class HandoverFlowTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task A_midwife_takes_down_the_identity_shows_the_preview_records_consent_sends_and_reads_the_jgz_acknowledgement(int width, int height)
    {
        var viewport = new ViewportSize { Width = width, Height = height };
        var (client, handover) = await BornWithoutIdentityAsync($"BR-FLOW-{width}");
        var mother = $"Overdracht{width}";

        // No identity and no consent: the handover says why it cannot leave, and offers the identity form.
        var page = await Host.OpenAsync($"/taken/{handover}", "verloskundige-maas", viewport);
        var flow = page.Locator("section.handover-flow");
        var why = page.Locator("#waarom-niet");
        await why.WaitForAsync();
        Assert.Contains("Nog niet te versturen. De identiteit van de cliënt (BSN, naam, geboortedatum) is nog niet vastgelegd", await why.InnerTextAsync());
        Assert.Equal("waarom-niet", await flow.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" }).GetAttributeAsync("aria-describedby"));
        Assert.True(await flow.GetByRole(AriaRole.Button, new() { Name = "Voorbeeld tonen" }).IsDisabledAsync());
        Assert.True(await flow.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" }).IsDisabledAsync());
        await StageAsync(page, $"overdracht-{width}-1-zonder-identiteit");

        // A BSN that fails the eleven test is named in Dutch, and nothing is recorded.
        var identity = page.Locator("form.identity");
        var person = identity.Locator("fieldset:has(> legend:text-is('De cliënt'))");
        await person.GetByLabel("BSN", new() { Exact = true }).FillAsync("123456789");
        await person.GetByLabel("Voornaam").FillAsync("Zoë");
        await person.GetByLabel("Achternaam").FillAsync(mother);
        await person.GetByLabel("Geboortedatum").FillAsync("1995-04-03");
        await identity.GetByLabel("Straat").FillAsync("Zuiderparkweg");
        await identity.GetByLabel("Huisnummer").FillAsync("12");
        await identity.GetByLabel("Postcode").FillAsync("3075 AB");
        await identity.GetByLabel("Woonplaats").FillAsync("Rotterdam");
        await identity.GetByLabel("Telefoon", new() { Exact = true }).FillAsync("06-12345678");
        await identity.GetByRole(AriaRole.Button, new() { Name = "Identiteit opslaan" }).ClickAsync();
        var problem = identity.Locator("p.problem[role=alert]");
        await problem.WaitForAsync();
        Assert.StartsWith("Niet opgeslagen: Het BSN is geen geldig burgerservicenummer", (await problem.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        // Named at the field too, far above the button on a phone, and she is taken back to it.
        var bsn = person.GetByLabel("BSN", new() { Exact = true });
        Assert.Contains("elfproef niet", await person.Locator(".field.invalid .problem").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await bsn.GetAttributeAsync("aria-invalid"));
        await BrowserHost.WaitForFocusAsync(page, "e.getAttribute('aria-invalid') === 'true'");
        Assert.True(await bsn.EvaluateAsync<bool>("e => e === document.activeElement"), "The wrong BSN's field has no focus.");
        Assert.Contains("nog niet vastgelegd", await why.InnerTextAsync());
        Assert.Null(await IdentityAsync(client));
        await StageAsync(page, $"overdracht-{width}-2-bsn-fout");

        // The right BSN: saved, and shown back masked with her address and phone.
        var right = TestBsn.Fresh();
        await person.GetByLabel("BSN", new() { Exact = true }).FillAsync(right);
        await identity.GetByRole(AriaRole.Button, new() { Name = "Identiteit opslaan" }).ClickAsync();
        var recorded = flow.Locator("#overdracht-identiteit-vastgelegd");
        await recorded.WaitForAsync();
        var shown = await recorded.InnerTextAsync();
        Assert.Contains($"Zoë {mother}, geboren 03-04-1995, BSN •••••{right[^4..]}", shown, StringComparison.Ordinal);
        Assert.Contains("Zuiderparkweg 12, 3075 AB Rotterdam · 06-12345678", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(right, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(right, (await IdentityAsync(client))?.Bsn);
        await why.Filter(new() { HasText = "Er is geen toestemming van de cliënt" }).WaitForAsync();
        await StageAsync(page, $"overdracht-{width}-3-identiteit");

        // The preview, exactly as the JGZ gets it, with her address.
        await flow.GetByRole(AriaRole.Button, new() { Name = "Voorbeeld tonen" }).ClickAsync();
        var preview = page.Locator("#voorbeeld");
        await preview.WaitForAsync();
        Assert.Contains("Adres: Zuiderparkweg 12, 3075 AB Rotterdam", await preview.InnerTextAsync(), StringComparison.Ordinal);
        await StageAsync(page, $"overdracht-{width}-4-voorbeeld");

        // Her consent, against that preview.
        await flow.GetByRole(AriaRole.Button, new() { Name = "De cliënt zag dit voorbeeld en geeft toestemming" }).ClickAsync();
        var consent = page.Locator("#toestemming-status");
        await consent.WaitForAsync();
        Assert.Contains("nadat zij het voorbeeld zag", await consent.InnerTextAsync(), StringComparison.Ordinal);
        await StageAsync(page, $"overdracht-{width}-5-toestemming");

        // Send, after a confirmation.
        await flow.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" }).ClickAsync();
        await flow.GetByRole(AriaRole.Button, new() { Name = "Ja, versturen" }).ClickAsync();
        var receipts = page.Locator("#ontvangst");
        // Sending validates the documents against nl-core; on a loaded machine the first validation in a host can take a while.
        await receipts.WaitForAsync(new() { Timeout = 120_000 });
        var state = await receipts.InnerTextAsync();
        Assert.Contains("Kind 1", state, StringComparison.Ordinal);
        Assert.Contains("Verstuurd ", state, StringComparison.Ordinal);
        Assert.Contains("Nog niet geopend door de JGZ", state, StringComparison.Ordinal);
        Assert.Contains("Ontvangst nog niet bevestigd", state, StringComparison.Ordinal);
        Assert.Contains("Verstuurd.", await flow.Locator("p.result").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await flow.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" }).CountAsync());
        await StageAsync(page, $"overdracht-{width}-6-verstuurd");

        // The JGZ nurse finds it by the mother's name and acknowledges it with a note.
        var nurse = await Host.OpenAsync("/overdrachten", "jgz-rijnmond", viewport);
        await nurse.GetByLabel("Zoek op naam van de moeder").FillAsync($"zoe {mother.ToLowerInvariant()}");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Zoeken", Exact = true }).ClickAsync();
        var row = nurse.Locator("#overdrachten li", new() { HasText = $"Zoë {mother}" });
        await row.WaitForAsync();
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await nurse.Locator("article.handover").WaitForAsync();
        await nurse.GetByLabel("Bericht aan de overdrager (niet verplicht)").FillAsync("Eerste huisbezoek op dinsdag.");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).ClickAsync();
        await nurse.Locator("#status", new() { HasText = "ontvangst bevestigd" }).WaitForAsync();

        // Back with the midwife: the task closed with the acknowledgement, and its page says so, with the times and the nurse's note.
        await page.ReloadAsync();
        await receipts.Filter(new() { HasText = "Ontvangst bevestigd " }).WaitForAsync();
        Assert.Contains("de JGZ heeft de ontvangst bevestigd", await page.Locator("p.result").InnerTextAsync(), StringComparison.Ordinal);
        state = await receipts.InnerTextAsync();
        Assert.Contains("Geopend door de JGZ ", state, StringComparison.Ordinal);
        Assert.Contains("Bericht van de JGZ: Eerste huisbezoek op dinsdag.", state, StringComparison.Ordinal);
        await StageAsync(page, $"overdracht-{width}-7-bevestigd");
    }

    /// <summary>Axe-core clean, no sideways scrolling, and a screenshot to look at.</summary>
    private static async Task StageAsync(IPage page, string name)
    {
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name}: the page scrolls sideways.");
        await BrowserHost.ScreenshotAsync(page, name);
    }

    /// <summary>A client after the birth and the kraambed whose identity was never recorded; returns her and her open postnatal handover task.</summary>
    private async Task<(Guid Client, Guid Handover)> BornWithoutIdentityAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        return (journey.InstanceId, await journey.BornAsync(null, CancellationToken.None));
    }

    private async Task<ClientIdentity?> IdentityAsync(Guid client)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoverStore>().IdentityAsync(client, CancellationToken.None);
    }
}
