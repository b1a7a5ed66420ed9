using System.Text.RegularExpressions;

namespace Blauwdruk.Designer.Tests;

/// <summary>
/// A browser test: when it ends, passed or failed, every page it opened is saved as a screenshot
/// (<c>screenshots/&lt;class&gt;-&lt;n&gt;-&lt;path&gt;.png</c> under the test results), so a failure can be seen.
/// </summary>
public abstract partial class BrowserTest(BrowserHost host) : IAsyncLifetime
{
    private int _first;

    protected BrowserHost Host { get; } = host;

    public Task InitializeAsync()
    {
        _first = Host.Opened.Count;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        for (var i = _first; i < Host.Opened.Count; i++)
        {
            var page = Host.Opened[i];
            if (page.IsClosed)
            {
                continue;
            }

            var path = Slug().Replace(new Uri(page.Url).AbsolutePath.Trim('/'), "-");
            try
            {
                await BrowserHost.ScreenshotAsync(page, $"{GetType().Name}-{i:D2}-{(path.Length == 0 ? "start" : path)}");
            }
            finally
            {
                await page.CloseAsync();
            }
        }
    }

    [GeneratedRegex("[^a-zA-Z0-9]+")]
    private static partial Regex Slug();
}
