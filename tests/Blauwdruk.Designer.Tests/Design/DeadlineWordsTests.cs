using System.Text.RegularExpressions;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>
/// The coordinator reads and sets deadlines in words ("10 dagen", "binnen 10 dagen na de geboorte") in the
/// overlay editor; the file keeps ISO 8601 (P10D), which the screen never shows.
/// </summary>
public partial class DeadlineWordsTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    private static readonly ViewportSize Tablet = new() { Width = 768, Height = 1024 };

    [Fact]
    public async Task A_coordinator_reads_deadlines_in_words_sets_one_as_a_number_and_unit_saves_it_and_reads_it_back_in_words()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond", Desktop);
        var discuss = page.Locator("table.overlay-steps tr[data-step=DISCUSS]");
        await discuss.WaitForAsync();

        // The standard's deadline in words, the region's own (P7D in the file) as a number and a unit.
        Assert.Contains("binnen 2 weken →", await discuss.Locator("label[for=deadline-DISCUSS]").InnerTextAsync());
        Assert.Equal("7", await discuss.Locator("input.duration-number").InputValueAsync());
        Assert.Equal("dagen", await discuss.Locator("select.duration-unit").InputValueAsync());
        Assert.Contains("binnen 10 dagen na de geboorte", await page.Locator("table.overlay-steps tr[data-step=HANDOVER_JGZ] td.deadline").InnerTextAsync());
        Assert.Contains("termijn binnen 1 week", await page.Locator("ul.local-steps li[data-step=CAREPLAN_POP]").InnerTextAsync());
        await NoIsoDurationAsync(page);

        // Longer than the standard allows: refused beside the field, in words and by the step's name.
        var idBsn = page.Locator("table.overlay-steps tr[data-step=ID_BSN]");
        await idBsn.Locator("select.duration-unit").SelectOptionAsync("weken");
        await idBsn.Locator("input.duration-number").FillAsync("2");
        await idBsn.Locator("input.duration-number").PressAsync("Tab");
        var refusal = idBsn.Locator("p.problem");
        await refusal.WaitForAsync();
        var refused = await refusal.InnerTextAsync();
        Assert.Contains("mag korter, tot 1 week, niet langer", refused);
        Assert.Contains("de regio 'binnen 2 weken'", refused);
        Assert.DoesNotContain("ID_BSN", refused);
        await NoIsoDurationAsync(page);
        await BrowserHost.ScreenshotAsync(page, "deadline-words-refusal-1280");

        // Empty: back to the standard's deadline.
        await idBsn.Locator("input.duration-number").FillAsync("");
        await idBsn.Locator("input.duration-number").PressAsync("Tab");
        await refusal.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        var intake = page.Locator("table.overlay-steps tr[data-step=INTAKE]");
        await intake.Locator("select.duration-unit").SelectOptionAsync("dagen");
        await intake.Locator("input.duration-number").FillAsync("10");
        await intake.Locator("input.duration-number").PressAsync("Tab");
        var diff = page.Locator("table.diff tr[data-step=INTAKE]");
        Assert.Equal("binnen 10 dagen", await diff.Locator("td.new").InnerTextAsync());
        Assert.Equal("termijn", await diff.Locator("td").First.InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "Concept 1.5.0 is opgeslagen." }).WaitForAsync();

        // The file keeps ISO 8601.
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var source = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().PathwayVersions.AsNoTracking()
                .Where(v => v.PathwayId == "rijnmond-zuid" && v.Version == "1.5.0").Select(v => v.Source).SingleAsync();
            Assert.Matches(@"- step: INTAKE\n\s+deadline: P10D", source);
        }

        // The saved draft, opened again: the deadline as a number and unit, and in words in the diff.
        var again = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond", Desktop);
        var saved = again.Locator("table.overlay-steps tr[data-step=INTAKE]");
        await saved.WaitForAsync();
        Assert.Equal("10", await saved.Locator("input.duration-number").InputValueAsync());
        Assert.Equal("dagen", await saved.Locator("select.duration-unit").InputValueAsync());
        Assert.Equal("binnen 10 dagen", await again.Locator("table.diff tr[data-step=INTAKE] td.new").InnerTextAsync());
        await NoIsoDurationAsync(again);
        await BrowserHost.AssertAccessibleAsync(again);
        await BrowserHost.ScreenshotAsync(again, "deadline-words-saved-1280");
    }

    [Theory]
    [InlineData(375)]
    [InlineData(768)]
    [InlineData(1280)]
    public async Task The_overlay_editor_fits_a_phone_and_a_tablet_with_every_contact_field_whole(int width)
    {
        var viewport = width switch { 375 => BrowserHost.Phone, 768 => Tablet, _ => Desktop };
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond", viewport);
        await page.Locator("table.overlay-steps tr[data-step=DISCUSS]").WaitForAsync();

        var wider = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1) && !e.closest('.diagram'))
                .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.id} (${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        Assert.True(wider.Length == 0, $"At {width} px these reach past the window: {string.Join("; ", wider)}");
        // A phone or e-mail field shows its whole value, not clipped by its column; on a phone, where an address
        // may be longer than the screen is wide, it takes the whole width of its card.
        var clipped = await page.EvaluateAsync<string[]>("""
            phone => [...document.querySelectorAll('.overlay-organisations input[type=tel], .overlay-organisations input[type=email]')]
                .filter(i => phone
                    ? i.getBoundingClientRect().width < i.closest('tr').getBoundingClientRect().width - 48
                    : i.scrollWidth > i.clientWidth + 1)
                .map(i => i.id)
            """, width == 375);
        Assert.Empty(clipped);
        var unit = page.Locator("table.overlay-steps tr[data-step=DISCUSS] select.duration-unit");
        Assert.True(await unit.IsVisibleAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, $"deadline-words-editor-{width}");
    }

    [Fact]
    public async Task The_standards_steps_keep_every_word_whole_at_1280_px()
    {
        var page = await Host.OpenAsync("/ontwerp/blauwdruk", "coordinator-rijnmond", Desktop);
        await page.Locator("table.steps").First.WaitForAsync();

        var broken = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('table.steps th, table.steps td .kind, table.steps td.role')].filter(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const word = el.textContent.trim();
                return !word.includes(' ') && new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
            }).map(el => el.textContent.trim())
            """);
        Assert.Empty(broken);
        await NoIsoDurationAsync(page);
        await BrowserHost.ScreenshotAsync(page, "deadline-words-ontwerp-1280");
    }

    private static async Task NoIsoDurationAsync(IPage page)
    {
        var text = await page.Locator("main").InnerTextAsync();
        var iso = IsoDuration().Matches(text).Select(m => m.Value).ToList();
        Assert.True(iso.Count == 0, $"{page.Url} shows ISO 8601: {string.Join(", ", iso)}");
    }

    [GeneratedRegex(@"\bP\d+[DWMY]\b|\bPT\d+[HM]\b")]
    private static partial Regex IsoDuration();
}
