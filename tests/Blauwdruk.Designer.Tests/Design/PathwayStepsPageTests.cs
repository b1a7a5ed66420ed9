using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>What a regional coordinator sees of the standard pathway, in a real browser.</summary>
public class PathwayStepsPageTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    [Fact]
    public async Task The_standard_shows_its_steps_in_order_with_their_responsible_roles()
    {
        var page = await Host.OpenAsync("/ontwerp/blauwdruk");

        Assert.Equal("Blauwdruk Psychosociale Zorg en Samenwerking met Veilig Thuis", await page.Locator("h1").InnerTextAsync());
        var main = page.Locator("table.steps").First.Locator("tbody tr");
        var order = await main.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.step)");
        Assert.Equal(["INTAKE", "ID_BSN", "SCREEN_PPS"], order[..3]);
        Assert.Contains("END", order);
        var intake = page.Locator("tr[data-step=INTAKE] td");
        Assert.Equal("Intake eerste zwangerschapscontrole", await intake.Nth(1).Locator("strong").InnerTextAsync());
        Assert.Equal("Verloskundige", await intake.Nth(2).InnerTextAsync());
        Assert.Equal("binnen 2 weken", await intake.Nth(3).InnerTextAsync());
        Assert.Equal("binnen 10 dagen na de geboorte", await page.Locator("tr[data-step=HANDOVER_JGZ] td").Nth(3).InnerTextAsync());
        Assert.Equal("12 weken vóór de uitgerekende datum", await page.Locator("tr[data-step=REF_JGZ_PRENATAL] td").Nth(3).InnerTextAsync());
        Assert.Equal("nl", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "ontwerp-blauwdruk");
    }

    [Fact]
    public async Task The_meldcode_route_is_shown_as_its_own_part_with_every_step_locked()
    {
        var page = await Host.OpenAsync("/ontwerp/blauwdruk");

        Assert.Equal("Meldcode huiselijk geweld en kindermishandeling", await page.Locator("#deelpad-meldcode").InnerTextAsync());
        var meldcode = page.Locator("table.steps").Nth(1).Locator("tbody tr");
        var steps = await meldcode.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.step)");
        Assert.Equal("VT_SIGNALS", steps[0]);
        Assert.Equal(["VT_CONSULT", "VT_DECIDE", "VT_END", "VT_FOLLOW", "VT_HELP", "VT_MONITOR", "VT_REPORT", "VT_SIGNALS", "VT_TALK", "VT_WEIGH"], steps.Order());
        var tasks = page.Locator("table.steps").Nth(1).Locator("tr[data-kind=task]");
        Assert.Equal(9, await tasks.CountAsync());
        Assert.Equal(9, await tasks.Locator(".locked").CountAsync());
        Assert.Equal("binnen 5 werkdagen", await page.Locator("tr[data-step=VT_FOLLOW] td").Nth(3).InnerTextAsync());
    }

    [Fact]
    public async Task The_stylesheets_of_the_designer_are_served_and_applied()
    {
        var page = await Host.OpenAsync("/ontwerp/blauwdruk");

        var topbar = await page.Locator("header.topbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var caption = await page.Locator("table.steps caption").First.EvaluateAsync<string>("e => getComputedStyle(e).textAlign");

        Assert.Equal("rgb(29, 79, 145)", topbar);
        Assert.Equal("left", caption);
    }

    [Fact]
    public async Task The_overview_leads_to_the_pathway()
    {
        var page = await Host.OpenAsync("/");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Blauwdruk Psychosociale Zorg en Samenwerking met Veilig Thuis" });
        await link.WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        await link.ClickAsync();

        await page.WaitForURLAsync("**/ontwerp/blauwdruk", BrowserHost.Committed);
        await page.Locator("table.steps").First.WaitForAsync();
        Assert.Equal(54, await page.Locator("table.steps tbody tr").CountAsync());
    }

    [Fact]
    public async Task An_unknown_pathway_says_so_in_dutch()
    {
        var page = await Host.OpenAsync("/ontwerp/bestaat-niet");

        Assert.Equal("Zorgpad niet gevonden", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Er is geen zorgpad met de naam bestaat-niet.", await page.Locator("main").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
    }
}
