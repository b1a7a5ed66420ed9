using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Account;

/// <summary>The web app's Development login, in a real browser: pick a demo user, land where you were going, sign out; a demo client is kept out of the professionals' pages.</summary>
public class LoginTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    [Fact]
    public async Task A_page_asks_for_a_login_and_after_picking_a_demo_user_opens_with_who_is_logged_in_until_signing_out()
    {
        var page = await Host.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "nl-NL" });
        Host.Opened.Add(page);
        await page.GotoAsync(Host.BaseUrl.TrimEnd('/') + "/ontwerp/blauwdruk");

        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Aanmelden als demogebruiker", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(13 + 6, await page.Locator("button[name=user]").CountAsync()); // the demo users and the demo clients

        await page.GetByRole(AriaRole.Button, new() { Name = "Ruud Meijer" }).ClickAsync();
        await page.WaitForURLAsync("**/ontwerp/blauwdruk", BrowserHost.Committed);
        Assert.Equal("Ruud Meijer (Regiocoördinator)", await page.Locator("header .who").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync("**/login?**", BrowserHost.Committed);
        await page.GotoAsync(Host.BaseUrl.TrimEnd('/') + "/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task A_client_signed_in_as_herself_is_told_the_worklist_is_for_care_professionals_and_led_to_her_own_page()
    {
        var page = await Host.OpenAsync("/werklijst", "client-yasmina");
        await page.WaitForURLAsync("**/geen-toegang**", BrowserHost.Committed);
        await page.Locator("h1", new() { HasText = "Geen toegang" }).WaitForAsync();

        Assert.Contains("voor zorgverleners", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("main a[href='/mijn']").CountAsync());
        Assert.Equal("Yasmina Bakkali (cliënt)", await page.Locator("header .who").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "geen-toegang-client");
    }
}
