using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests;

/// <summary>
/// The real host on a free loopback port (Kestrel, not the in-memory test server), and the system's
/// headless Chromium driven by Playwright. A missing browser fails the tests; it never skips them.
/// </summary>
public class BrowserHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumVariable = "BLAUWDRUK_TEST_CHROMIUM";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"blauwdruk-browser-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

    public BrowserHost() => UseKestrel(0);

    /// <summary>Whether the host starts with the demo seed (its clients, their pathways and handovers).</summary>
    protected virtual bool SeedDemoData => false;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
    }

    public const string AxeVariable = "BLAUWDRUK_TEST_AXE";

    /// <summary>
    /// Waits until the address has changed, not for a load event: Blazor navigates inside the page, and a
    /// navigation that already happened has no load event left to wait for. Tests then wait for what they look for.
    /// </summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Every page the tests opened, in order, for <see cref="BrowserTest"/> to photograph.</summary>
    public List<IPage> Opened { get; } = [];

    /// <summary>A phone-sized window (an iPhone SE/13 mini's CSS width).</summary>
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 740 };

    /// <summary>Opens a page as a demo user, logging in through the Development login page as a person would.</summary>
    public async Task<IPage> OpenAsync(string path, string user = "coordinator-rijnmond", ViewportSize? viewport = null)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "nl-NL", ViewportSize = viewport });
        Opened.Add(page);
        var response = await page.GotoAsync(BaseUrl.TrimEnd('/') + path);
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"GET {path} answered {response?.Status}.");
        }

        if (new Uri(page.Url).AbsolutePath == "/login")
        {
            await page.Locator("button[name=user]").First.WaitForAsync();
            await AssertAccessibleAsync(page);
            await page.Locator($"button[name=user][value='{user}']").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/login", Committed);
        }

        return page;
    }

    /// <summary>
    /// Runs axe-core (the npm package, injected into the page) and fails on any serious or critical
    /// violation of WCAG 2.1 AA, naming the rule and the elements.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var axe = Environment.GetEnvironmentVariable(AxeVariable) is { Length: > 0 } configured ? configured : "";
        if (!File.Exists(axe))
        {
            throw new InvalidOperationException($"Accessibility checks need axe-core: set {AxeVariable} to axe.min.js (npm install axe-core); ./test.sh does this.");
        }

        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] }))
                .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        Assert.True(violations.Length == 0, $"{page.Url}: {string.Join("; ", violations)}");
    }

    /// <summary>
    /// Waits until the focused element matches <paramref name="condition"/> (JavaScript over <c>e</c>).
    /// The app moves the focus after it renders, one round trip after the element appears.
    /// </summary>
    public static async Task WaitForFocusAsync(IPage page, string condition)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync($"() => {{ const e = document.activeElement; return e !== null && ({condition}); }}");
    }

    /// <summary>Saves what a person would see, for a look after the run (./TestResults/screenshots with ./test.sh).</summary>
    /// <param name="fullPage">False for what fits in the window, as the README shows it.</param>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = Environment.GetEnvironmentVariable("BLAUWDRUK_TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : AppContext.BaseDirectory;
        var directory = Path.Combine(results, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Blauwdruk", $"Data Source={_database}");
        builder.UseSetting("Seed:DemoData", SeedDemoData ? "true" : "false");
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"Browser tests need Chromium at '{path}': install it (apt-get install chromium) or set {ChromiumVariable}; ./test.sh does this.");
    }
}

/// <summary>The browser host with the demo world seeded: the demo clients' pathways and handovers, as in Development.</summary>
public sealed class SeededBrowserHost : BrowserHost
{
    protected override bool SeedDemoData => true;
}
