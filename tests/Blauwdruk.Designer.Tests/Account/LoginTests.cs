using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Account;

/// <summary>The web app's Development login, in a real browser: pick a demo user, land where you were going, sign out.</summary>
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
        Assert.Equal(11, await page.Locator("button[name=user]").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Ruud Meijer" }).ClickAsync();
        await page.WaitForURLAsync("**/ontwerp/blauwdruk", BrowserHost.Committed);
        Assert.Equal("Ruud Meijer (regiocoordinator)", await page.Locator("header .who").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync("**/login?**", BrowserHost.Committed);
        await page.GotoAsync(Host.BaseUrl.TrimEnd('/') + "/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }
}
