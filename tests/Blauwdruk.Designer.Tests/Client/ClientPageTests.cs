using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Blauwdruk.Designer.Tests.Client;

/// <summary>
/// The client's own page in a real browser, on the demo world: she signs in as herself (the demo login
/// stands in for DigiD), sees her pathway in plain Dutch, reads her handover section by section, leaves one
/// out, adds her own words and consents; the midwife sends; the JGZ's document lacks what she left out and
/// carries her words; she downloads her copy and sees the JGZ opened it and who read her file. A mother of 17
/// is told the guardian decides for her child, and the midwife records the guardian's consent.
/// </summary>
public class ClientPageTests(SeededBrowserHost host) : BrowserTest(host), IClassFixture<SeededBrowserHost>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task She_sees_what_happened_what_comes_next_and_whom_to_call_in_plain_dutch_and_downloads_her_copy(int width, int height)
    {
        var page = await Host.OpenAsync("/mijn", "client-yasmina", new ViewportSize { Width = width, Height = height });
        await page.Locator("#verloskundige").WaitForAsync();

        Assert.Contains("Verloskundigenpraktijk De Maas", await page.Locator("#verloskundige").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("tel:0100000101", await page.Locator("#verloskundige a").GetAttributeAsync("href"));
        Assert.Contains("U heeft het eerste gesprek met uw verloskundige.", await page.Locator("#gedaan").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Verstuurd op", await page.Locator("#overdracht-voor").InnerTextAsync(), StringComparison.Ordinal);
        await AssertPlainDutchAsync(page);
        await BrowserHost.AssertAccessibleAsync(page);
        await AssertFitsAtDoubleTextAsync(page);
        await BrowserHost.ScreenshotAsync(page, $"client-{width}-overzicht");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#overdracht-voor a[download]").ClickAsync());
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Uw kopie", text, StringComparison.Ordinal);
        Assert.Contains("Bakkali", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task She_leaves_a_section_out_adds_her_words_and_consents_the_midwife_sends_and_she_sees_the_jgz_opened_it()
    {
        var pathway = await PathwayOfAsync("DEMO-RZ-007");
        var client = await Host.OpenAsync("/mijn", "client-fenna");
        var choose = client.Locator("#overdracht-voor a", new() { HasText = "Lezen en kiezen" });
        await choose.WaitForAsync();
        await choose.ClickAsync();

        var psychosocial = client.Locator("#deel-psychosociaal");
        await psychosocial.WaitForAsync();
        Assert.Contains("Dit deel is nodig.", await client.Locator("#deel-contact").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await client.Locator("#deel-contact input[type=radio]").CountAsync());
        await AssertPlainDutchAsync(client);
        await BrowserHost.AssertAccessibleAsync(client);
        await psychosocial.GetByLabel("Niet delen").CheckAsync();
        await client.GetByLabel("Wat ik zelf wil dat de jeugdverpleegkundige weet").FillAsync("Ik werk 's nachts. Bel mij na twee uur 's middags.");
        await client.GetByRole(AriaRole.Button, new() { Name = "Ik geef toestemming" }).ClickAsync();
        var summary = client.Locator("#samenvatting");
        await summary.WaitForAsync();
        Assert.Contains("U deelt niet: hoe het met u gaat.", await summary.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.ScreenshotAsync(client, "client-kiezen");
        await client.GetByRole(AriaRole.Button, new() { Name = "Ja, ik geef toestemming" }).ClickAsync();
        await client.Locator("#klaar").WaitForAsync();

        var grant = Assert.Single((await StateAsync(pathway)).Grants, g => g.Kind == Engine.Pathways.HandoverKind.Prenatal);
        Assert.True(grant.ByClient);
        Assert.Contains("psychosociaal", grant.LeftOut);

        // The midwife sees whose choice it is, and sends.
        var task = (await StateAsync(pathway)).OpenTasks.Single(t => t.StepId == "HANDOVER_PRENATAL").Id;
        var midwife = await Host.OpenAsync($"/taken/{task}", "verloskundige-maas");
        var status = midwife.Locator("#toestemming-status");
        await status.WaitForAsync();
        Assert.Contains("door haarzelf gegeven op haar eigen pagina", await status.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Niet gedeeld op haar verzoek: psychosociale risicofactoren.", await status.InnerTextAsync(), StringComparison.Ordinal);
        await midwife.GetByRole(AriaRole.Button, new() { Name = "Overdracht versturen" }).ClickAsync();
        await midwife.GetByRole(AriaRole.Button, new() { Name = "Ja, versturen" }).ClickAsync();
        await midwife.Locator("p.result[role=status]", new() { HasText = "Verstuurd." }).WaitForAsync(new() { Timeout = 120_000 });

        // The JGZ's document: her words, marked as hers, and nothing of what she left out.
        var document = await DocumentOfAsync(pathway);
        var jgz = await Host.OpenAsync($"/overdrachten/{document}", "jgz-rijnmond");
        var own = jgz.Locator("section", new() { HasText = HandoverDocument.OwnWordsTitle });
        await own.First.WaitForAsync();
        var received = await jgz.Locator("main").InnerTextAsync();
        Assert.Contains("Geschreven door de cliënt zelf:", received, StringComparison.Ordinal);
        Assert.Contains("Bel mij na twee uur 's middags.", received, StringComparison.Ordinal);
        Assert.DoesNotContain("Psychosociaal", received, StringComparison.Ordinal);

        // She sees it was opened, keeps her copy, and sees who read her file.
        await client.GotoAsync(Host.BaseUrl.TrimEnd('/') + "/mijn");
        var opened = client.Locator("#overdracht-voor .opened", new() { HasText = "Geopend door het consultatiebureau op" });
        await opened.WaitForAsync();
        var download = await client.RunAndWaitForDownloadAsync(() => client.Locator("#overdracht-voor a[download]").ClickAsync());
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync())))
        {
            var copy = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Bel mij na twee uur", copy, StringComparison.Ordinal);
            Assert.DoesNotContain("Psychosociaal", copy, StringComparison.Ordinal);
        }

        await client.GotoAsync(Host.BaseUrl.TrimEnd('/') + $"/mijn/{pathway}/inzage");
        var readers = client.Locator("#inzage");
        await readers.WaitForAsync();
        var log = await readers.InnerTextAsync();
        Assert.Contains("JGZ Rotterdam-Zuid", log, StringComparison.Ordinal);
        Assert.Contains("uw overdracht bekeken", log, StringComparison.Ordinal);
        Assert.Contains("U zelf", log, StringComparison.Ordinal);
        await AssertPlainDutchAsync(client);
        await BrowserHost.AssertAccessibleAsync(client);
    }

    [Fact]
    public async Task A_mother_of_17_is_told_the_guardian_decides_for_her_child_and_the_midwife_records_the_guardians_consent()
    {
        var pathway = await PathwayOfAsync("DEMO-RZ-008");
        var client = await Host.OpenAsync($"/mijn/{pathway}/overdracht/na", "client-lisa", BrowserHost.Phone);
        var guardian = client.Locator("#voogd");
        await guardian.WaitForAsync();
        Assert.Contains("Daarom beslist de voogd over de gegevens van uw kind.", await guardian.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await client.GetByRole(AriaRole.Button, new() { Name = "Ik geef toestemming" }).CountAsync());
        await AssertPlainDutchAsync(client);
        await BrowserHost.AssertAccessibleAsync(client);
        await AssertFitsAtDoubleTextAsync(client);
        await BrowserHost.ScreenshotAsync(client, "client-375-kiezen-minderjarig");

        var task = (await StateAsync(pathway)).OpenTasks.Single(t => t.StepId == "HANDOVER_JGZ").Id;
        var midwife = await Host.OpenAsync($"/taken/{task}", "verloskundige-maas");
        var flow = midwife.Locator("section.handover-flow");
        await flow.GetByRole(AriaRole.Button, new() { Name = "Voorbeeld tonen" }).ClickAsync();
        await midwife.Locator("#voorbeeld").WaitForAsync();
        await flow.GetByRole(AriaRole.Button, new() { Name = "De cliënt zag dit voorbeeld en geeft toestemming" }).ClickAsync();
        var refused = flow.Locator("p.problem[role=alert]");
        await refused.WaitForAsync();
        Assert.Contains("geen gezag over haar kind", await refused.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await StateAsync(pathway)).Grants, g => g.Kind == Engine.Pathways.HandoverKind.Postnatal);

        await flow.GetByLabel("Toestemming voor de gegevens van het kind door").SelectOptionAsync(nameof(ConsentCapacity.Guardian));
        await flow.GetByLabel("Naam van de voogd").FillAsync("Mr. A. Voogd");
        await flow.GetByRole(AriaRole.Button, new() { Name = "De cliënt zag dit voorbeeld en geeft toestemming" }).ClickAsync();
        var status = midwife.Locator("#toestemming-status");
        await status.WaitForAsync();
        Assert.Contains("Voor de gegevens van het kind: Mr. A. Voogd (voogd).", await status.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_that_matches_no_pathway_gets_a_friendly_page_and_nobody_reaches_another_clients_page()
    {
        var noor = await Host.OpenAsync("/mijn", "client-noor", BrowserHost.Phone);
        await noor.Locator("#geen-traject").WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(noor);

        var fenna = await PathwayOfAsync("DEMO-RZ-007");
        var yasmina = await Host.OpenAsync($"/mijn/{fenna}/overdracht/voor", "client-yasmina");
        var notHers = yasmina.Locator("#nog-niet");
        await notHers.WaitForAsync();
        Assert.Contains("Wij vinden deze gegevens niet bij u.", await notHers.InnerTextAsync(), StringComparison.Ordinal);
        var copy = await yasmina.APIRequest.GetAsync(Host.BaseUrl.TrimEnd('/') + $"/mijn/{fenna}/kopie/voor");
        Assert.Equal(404, copy.Status);
    }

    /// <summary>
    /// Every text she reads on the page has none of the system's words; what we wrote for her is B1 Dutch. Not
    /// measured, as it is not our prose: her file's own lines (folded away in the details) and the rows of who
    /// read her file (dates, organisation names).
    /// </summary>
    private static async Task AssertPlainDutchAsync(IPage page)
    {
        var all = await page.Locator("main").InnerTextAsync();
        Assert.Empty(Readability.Violations(all));
        var prose = await page.EvaluateAsync<string>("""
            () => {
                const main = document.querySelector('main').cloneNode(true);
                main.querySelectorAll('.part-lines, .readers, textarea').forEach(e => e.remove());
                main.querySelectorAll('h1, h2, h3, legend, li, p, label, summary, a, button').forEach(e => e.append('\n'));
                return main.textContent;
            }
            """);
        var score = Readability.Measure(prose);
        Assert.True(score.IsB1, $"{page.Url}: Flesch–Douma {score.FleschDouma:F0}, {score.AverageSentenceLength:F1} words a sentence:\n{prose}");
    }

    /// <summary>At 375 px with the text at 200 % nothing runs off the side (WCAG 1.4.4 and 1.4.10).</summary>
    private static async Task AssertFitsAtDoubleTextAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.documentElement.style.fontSize = '200%'");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url}: {overflow} px wider than the window at 200 % text.");
        await page.EvaluateAsync("() => document.documentElement.style.fontSize = ''");
    }

    private async Task<Guid> PathwayOfAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Instances.Where(i => i.ClientReference == reference).Select(i => i.Id).SingleAsync();
    }

    private async Task<InstanceState> StateAsync(Guid pathway)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InstanceLoader>().ReadAsync(pathway, CancellationToken.None))!;
    }

    private async Task<Guid> DocumentOfAsync(Guid pathway)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().HandoverDocuments.Where(h => h.InstanceId == pathway && h.Current).Select(h => h.Id).SingleAsync();
    }
}
