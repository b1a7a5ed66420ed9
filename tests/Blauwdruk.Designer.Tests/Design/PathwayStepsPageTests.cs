using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>What a regional coordinator sees of the standard pathway, in a real browser.</summary>
public class PathwayStepsPageTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task The_standard_shows_its_steps_in_order_with_their_responsible_roles()
    {
        var page = await host.OpenAsync("/ontwerp/blauwdruk");

        Assert.Equal("Blauwdruk Psychosociale Zorg en Samenwerking met Veilig Thuis", await page.Locator("h1").InnerTextAsync());
        var rows = page.Locator("table.steps tbody tr");
        Assert.Equal(["INTAKE", "SCREEN_PPS", "DISCUSS", "CAREPLAN", "CLOSE"],
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.step)"));
        var intake = page.Locator("tr[data-step=INTAKE] td");
        Assert.Equal("Intake eerste zwangerschapscontrole", await intake.Nth(1).Locator("strong").InnerTextAsync());
        Assert.Equal("Verloskundige", await intake.Nth(2).InnerTextAsync());
        Assert.Equal("2 weken", await intake.Nth(3).InnerTextAsync());
        Assert.Equal("1 week", await page.Locator("tr[data-step=CAREPLAN] td").Nth(3).InnerTextAsync());
        Assert.Equal("nl", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserHost.ScreenshotAsync(page, "ontwerp-blauwdruk");
    }

    [Fact]
    public async Task The_stylesheets_of_the_designer_are_served_and_applied()
    {
        var page = await host.OpenAsync("/ontwerp/blauwdruk");

        var topbar = await page.Locator("header.topbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var caption = await page.Locator("table.steps caption").EvaluateAsync<string>("e => getComputedStyle(e).textAlign");

        Assert.Equal("rgb(29, 79, 145)", topbar);
        Assert.Equal("left", caption);
    }

    [Fact]
    public async Task The_overview_leads_to_the_pathway()
    {
        var page = await host.OpenAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Blauwdruk Psychosociale Zorg en Samenwerking met Veilig Thuis" }).ClickAsync();

        await page.WaitForURLAsync("**/ontwerp/blauwdruk");
        Assert.Equal(5, await page.Locator("table.steps tbody tr").CountAsync());
    }

    [Fact]
    public async Task An_unknown_pathway_says_so_in_dutch()
    {
        var page = await host.OpenAsync("/ontwerp/bestaat-niet");

        Assert.Equal("Zorgpad niet gevonden", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Er is geen zorgpad met de naam bestaat-niet.", await page.Locator("main").InnerTextAsync());
    }
}
