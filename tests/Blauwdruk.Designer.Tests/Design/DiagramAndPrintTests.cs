using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>The pathway as a diagram with step properties, and the printable page regions hand out on paper.</summary>
public class DiagramAndPrintTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    [Fact]
    public async Task Clicking_a_step_in_the_diagram_shows_its_properties_and_why_it_is_locked()
    {
        var page = await Host.OpenAsync("/ontwerp/rijnmond-zuid");
        await page.Locator(".diagram svg").WaitForAsync();
        Assert.True(await page.Locator(".diagram svg g[data-step]").CountAsync() > 40);
        await BrowserHost.AssertAccessibleAsync(page);

        await page.Locator(".diagram svg a:has(g[data-step=ID_BSN])").ClickAsync();

        var panel = page.Locator("section.step-panel[data-step=ID_BSN]");
        await panel.WaitForAsync();
        Assert.Equal("Identiteit en BSN vaststellen", await panel.Locator("h2").InnerTextAsync());
        Assert.Contains("Wettelijke identificatieplicht", await panel.Locator(".locked-reason").InnerTextAsync());
        Assert.Equal("true", await page.Locator(".diagram svg g[data-step=ID_BSN]").GetAttributeAsync("data-current"));
        await BrowserHost.ScreenshotAsync(page, "ontwerp-diagram", fullPage: false);

        await page.Locator(".diagram svg a:has(g[data-step=INTAKE])").ClickAsync();
        await page.Locator("section.step-panel[data-step=INTAKE]").WaitForAsync();
        Assert.Contains("Termijn: alleen korter", await page.Locator("ul.may-change").InnerTextAsync());

        var before = await page.Locator(".diagram svg").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inzoomen" }).ClickAsync();
        await page.Locator(".diagram-tools", new() { HasText = "100%" }).WaitForAsync();
        Assert.True(await page.Locator(".diagram svg").EvaluateAsync<double>("e => e.getBoundingClientRect().width") > before);
    }

    /// <summary>Measured in Chromium with its own font: the layout's estimate of text widths must hold on a real screen.</summary>
    [Fact]
    public async Task In_the_browser_an_arrows_words_lie_on_no_step_and_no_other_words_and_a_steps_text_stays_in_its_box()
    {
        var page = await Host.OpenAsync("/ontwerp/rijnmond-zuid");
        await page.Locator(".diagram svg").WaitForAsync();

        var problems = await page.Locator(".diagram svg").EvaluateAsync<string[]>("""
            svg => {
              const box = e => { const b = e.getBBox(); return { l: b.x, t: b.y, r: b.x + b.width, b: b.y + b.height }; };
              const overlap = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
              const steps = [...svg.querySelectorAll('g[data-step]')].map(g => ({ id: g.dataset.step, shape: box(g.querySelector('rect, polygon')), texts: [...g.querySelectorAll('text')].map(box) }));
              const words = [...svg.querySelectorAll('g[data-from] text')].map(t => ({ id: t.parentNode.dataset.from + '->' + t.parentNode.dataset.to, box: box(t) }));
              const problems = [];
              for (const s of steps)
                for (const t of s.texts)
                  if (t.l < s.shape.l - 1 || t.r > s.shape.r + 1) problems.push('tekst van ' + s.id + ' steekt buiten de stap');
              words.forEach((w, i) => {
                for (const s of steps) if (overlap(w.box, s.shape)) problems.push('woorden ' + w.id + ' op stap ' + s.id);
                for (const o of words.slice(i + 1)) if (overlap(w.box, o.box)) problems.push('woorden ' + w.id + ' op woorden ' + o.id);
              });
              return problems;
            }
            """);

        Assert.True(await page.Locator(".diagram svg g[data-from] text").CountAsync() > 20);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_printable_pathway_prints_to_a_clean_pdf_with_the_diagram_and_the_organisations()
    {
        var page = await Host.OpenAsync("/ontwerp/rijnmond-zuid/afdrukken");
        await page.Locator("table.print-steps").WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.Contains("Verloskundigenpraktijk De Maas", await page.Locator("tr[data-step=INTAKE]").InnerTextAsync());
        Assert.Contains("landelijke feestdagen zoals de meeste cao's", await page.Locator("p.working-days").InnerTextAsync());

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("header.topbar").IsVisibleAsync());
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Afdrukken of opslaan als pdf" }).IsVisibleAsync());
        Assert.True(await page.Locator(".diagram svg").IsVisibleAsync());

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));

        // The PDF itself names every step of the region's pathway.
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 2, $"{document.NumberOfPages} page(s)");
        // FormKC turns the typographic ligatures Chromium embeds (ﬀ, ﬁ) back into letters.
        var words = document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text.Normalize(NormalizationForm.FormKC)).ToList();
        var pathway = Host.Services.GetRequiredService<Blauwdruk.Engine.Customisation.PathwayCatalog>().Find("rijnmond-zuid")!;
        var missing = pathway.Steps.Where(step => !Names(words, step.Label)).Select(step => step.Id).ToList();
        Assert.True(missing.Count == 0, $"Steps not named in the PDF: {string.Join(", ", missing)}");
        Assert.DoesNotContain("Afmelden", words);
        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "blauwdruk-rijnmond-zuid.pdf"), pdf);
    }

    /// <summary>
    /// Whether the PDF's words hold the label's words in order, close together: a table cell that wraps is
    /// read line by line across the row, so its words come interleaved with those of the cells beside it.
    /// </summary>
    private static bool Names(List<string> words, string label)
    {
        var wanted = label.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start < words.Count; start++)
        {
            if (words[start] != wanted[0])
            {
                continue;
            }

            var next = 1;
            for (var i = start + 1; i < Math.Min(words.Count, start + 60) && next < wanted.Length; i++)
            {
                next += words[i] == wanted[next] ? 1 : 0;
            }

            if (next == wanted.Length)
            {
                return true;
            }
        }

        return false;
    }
}
