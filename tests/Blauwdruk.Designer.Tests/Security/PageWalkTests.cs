using System.Text.RegularExpressions;
using Blauwdruk.Api.Auth;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Security;

/// <summary>
/// Walks the web app as every demo user, following the links each one is shown, and holds every page
/// it reaches to what a care professional (or the client) may read: no ids, codes, English words or
/// notes meant for developers or for the region's coordinator; no word broken in the middle at 1280 px;
/// no required marker alone on a line; and axe-core clean at desktop and phone widths.
/// </summary>
public partial class PageWalkTests(SeededBrowserHost host) : BrowserTest(host), IClassFixture<SeededBrowserHost>
{
    /// <summary>How many pages of one kind (the same route with another id) a walk opens per user.</summary>
    private const int PerRoute = 2;

    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    public static TheoryData<string> Users() => [.. DemoUsers.All.Select(u => u.Id).Concat(DemoClients.All.Select(c => c.Id))];

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_page_a_user_reaches_speaks_to_people_and_not_to_developers(string user)
    {
        var page = await Host.OpenAsync("/", user, Desktop);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/", BrowserHost.Committed);
        var queue = new Queue<string>([new Uri(page.Url).PathAndQuery]);
        var seen = new HashSet<string>();
        var perRoute = new Dictionary<string, int>();
        var findings = new List<string>();
        while (queue.TryDequeue(out var path))
        {
            var route = Route(path);
            if (!seen.Add(path) || perRoute.GetValueOrDefault(route) >= PerRoute)
            {
                continue;
            }

            perRoute[route] = perRoute.GetValueOrDefault(route) + 1;
            await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
            await page.GotoAsync(Host.BaseUrl.TrimEnd('/') + path);
            await SettledAsync(page);
            findings.AddRange(await FindingsAsync(page, path, desktop: true));
            if (perRoute[route] == 1)
            {
                await BrowserHost.AssertAccessibleAsync(page);
                await page.SetViewportSizeAsync(BrowserHost.Phone.Width, BrowserHost.Phone.Height);
                await SettledAsync(page);
                await BrowserHost.AssertAccessibleAsync(page);
                findings.AddRange(await FindingsAsync(page, path, desktop: false));
            }

            foreach (var link in await LinksAsync(page))
            {
                queue.Enqueue(link);
            }
        }

        Assert.True(seen.Count >= 2, $"{user}: the walk reached only {string.Join(", ", seen)}.");
        Assert.True(findings.Count == 0, $"{user} read, on {seen.Count} pages:\n" + string.Join("\n", findings.Distinct()));
    }

    /// <summary>The route a path belongs to: the same page for another client or task counts once.</summary>
    private static string Route(string path) => Guid().Replace(path.Split('?')[0], "{id}");

    private static async Task SettledAsync(IPage page)
    {
        await page.Locator("main h1").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => !document.querySelector('main')?.innerText.includes('Laden…')", null, new() { Timeout = 30_000 });
    }

    /// <summary>Links inside the app that a person would follow to another page (no downloads, no sign-out, no API).</summary>
    private static async Task<IReadOnlyList<string>> LinksAsync(IPage page)
    {
        var hrefs = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)");
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        return [.. hrefs
            .Where(h => h.StartsWith(origin, StringComparison.Ordinal))
            .Select(h => new Uri(h).PathAndQuery)
            .Where(p => !p.StartsWith("/login", StringComparison.Ordinal) && !p.StartsWith("/logout", StringComparison.Ordinal)
                && !p.StartsWith("/api", StringComparison.Ordinal) && !p.StartsWith("/fhir", StringComparison.Ordinal)
                && !p.Contains("/kopie", StringComparison.Ordinal) && !p.EndsWith("/afdrukken", StringComparison.Ordinal)
                && !p.Contains('#', StringComparison.Ordinal))
            .Distinct()];
    }

    private static async Task<IEnumerable<string>> FindingsAsync(IPage page, string path, bool desktop)
    {
        // A step's code in the Designer (in <code>, as the pathway file names it) is for the coordinator who edits the file.
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var code in await page.Locator("main code").AllInnerTextsAsync())
        {
            text = text.Replace(code, "", StringComparison.Ordinal);
        }

        var found = Forbidden
            .SelectMany(rule => rule.Pattern.Matches(text).Select(m => $"{path}: {rule.Why}: \"{Around(text, m)}\""))
            .ToList();
        var layout = await page.EvaluateAsync<string[]>(LayoutScript, desktop);
        found.AddRange(layout.Select(problem => $"{path} ({(desktop ? "1280 px" : "375 px")}): {problem}"));
        return found;
    }

    private static string Around(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 30);
        var end = Math.Min(text.Length, match.Index + match.Length + 30);
        return text[start..end].ReplaceLineEndings(" ");
    }

    private sealed record Rule(Regex Pattern, string Why);

    private static readonly Rule[] Forbidden =
    [
        new(new Regex(@"\bFHIR\b"), "a technical word"),
        new(new Regex(@"\bresource\(s\)|\(s\)"), "an English plural"),
        new(new Regex(@"\b(ura|uzi|agb|urn|oid):", RegexOptions.IgnoreCase), "an identifier system"),
        new(new Regex(@"\b(in-progress|on-hold|completed|cancelled|requested|entered-in-error)\b"), "an English status code"),
        new(new Regex(@"\b(verloskundige-maas|gynaecoloog-zuid|aandachtsfunctionaris-maas|kraamverzorgende-rijnmond|jgz-rijnmond|coordinator-rijnmond|zorgcoordinator-rijnmond|verloskundige-merwede|jgz-drechtsteden|coordinator-drechtsteden|beheerder-standaard|client-[a-z]+)\b"), "a user id"),
        new(new Regex(@"\bjgz-verpleegkundige\b"), "a role id"),
        new(new Regex(@"(regio|zorg)coordinator", RegexOptions.IgnoreCase), "a role id without ë"),
        new(new Regex(@"door de regio te bevestigen|is een voorstel"), "a note for the region's coordinator"),
        new(new Regex(@"\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b"), "a step id"),
        new(new Regex(@"\bP\d+[DWMY]\b|\bPT\d+[HM]\b"), "an ISO 8601 duration"),
        new(new Regex(@"%[a-z][A-Za-z]+"), "a rule's fact name"),
        new(new Regex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "an internal id"),
    ];

    /// <summary>
    /// Words broken across two lines without a hyphen (at 1280 px), and required markers wrapped alone onto
    /// a line, measured with ranges over the rendered text.
    /// </summary>
    private const string LayoutScript = """
        desktop => {
          const problems = [];
          const main = document.querySelector('main');
          if (desktop) {
            const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const el = node.parentElement;
              if (!el || el.closest('svg, pre, code, [hidden]') || !el.offsetParent) continue;
              const re = /[\p{L}\p{N}]{2,}/gu;
              let m;
              while ((m = re.exec(node.data)) !== null) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) problems.push(`"${m[0]}" breaks in the middle of the word (in <${el.tagName.toLowerCase()}>)`);
              }
            }
          }
          for (const marker of main.querySelectorAll('.required')) {
            if (!marker.offsetParent) continue;
            const mine = marker.getClientRects()[0];
            let prev = marker.previousSibling;
            while (prev && prev.nodeType === Node.TEXT_NODE && !prev.data.trim()) prev = prev.previousSibling;
            if (!prev || !mine) continue;
            const range = document.createRange();
            range.selectNodeContents(prev);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            const last = rects[rects.length - 1];
            if (last && Math.abs(last.top - mine.top) > mine.height / 2) problems.push(`a required marker wraps alone onto a line after "${prev.textContent.trim().slice(-30)}"`);
          }
          return problems;
        }
        """;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
