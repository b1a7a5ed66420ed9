using System.Text.RegularExpressions;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Notifications;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Notifications;

/// <summary>
/// The bell and the notifications page for a professional (her unread notifications, her e-mail choice), and the
/// functional administrator's page: a webhook added (its secret shown once), its failure seen and retried, removed after a question.
/// </summary>
public partial class NotificationPagesTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    private async Task RaiseSafetyConcernAsync(string reference)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None);
        await journey.RunAsync(new RaiseSignal("safety-concern") { By = Midwife }, CancellationToken.None);
    }

    [GeneratedRegex(@"^Meldingen\s+[0-9]+\s+ongelezen$")]
    private static partial Regex Unread();

    [GeneratedRegex(@"^Meldingen\s+geen ongelezen$")]
    private static partial Regex NoneUnread();

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task The_aandachtsfunctionaris_sees_a_safety_concern_in_her_bell_reads_it_and_chooses_what_she_gets_by_email(int width, int height)
    {
        await RaiseSafetyConcernAsync($"BR-BEL-{width}");
        var viewport = new ViewportSize { Width = width, Height = height };

        // The midwife's bell has nothing: the concern is for the aandachtsfunctionaris.
        var midwife = await Host.OpenAsync("/werklijst", "verloskundige-maas", viewport);
        await Assertions.Expect(midwife.Locator("a.bell")).ToHaveAccessibleNameAsync(NoneUnread());

        var page = await Host.OpenAsync("/werklijst", "aandachtsfunctionaris-maas", viewport);
        var bell = page.Locator("a.bell");
        await Assertions.Expect(bell).ToHaveAccessibleNameAsync(Unread());
        await BrowserHost.ScreenshotAsync(page, $"bel-ongelezen-{width}", fullPage: false);
        await bell.ClickAsync();
        await page.Locator("h1", new() { HasText = "Meldingen" }).WaitForAsync();
        var item = page.Locator(".notification-list li.unread").First;
        await Assertions.Expect(item).ToContainTextAsync("Er staat een vertrouwelijke taak voor u klaar");
        Assert.DoesNotContain($"BR-BEL-{width}", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The notifications page scrolls sideways.");
        await BrowserHost.ScreenshotAsync(page, $"meldingen-{width}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Alles als gelezen markeren" }).ClickAsync();
        await Assertions.Expect(page.Locator("#meldingen-kop")).ToHaveTextAsync("Geen ongelezen meldingen");
        Assert.Equal(0, await page.Locator(".notification-list li.unread").CountAsync());

        // A wrong address is refused and nothing is kept (what was saved before stays); a right one is saved.
        var before = await page.GetByLabel("Uw e-mailadres").InputValueAsync();
        await page.GetByLabel("Uw e-mailadres").FillAsync("marieke-bij-de-maas");
        await page.GetByLabel("Zorgen over veiligheid (Meldcode), voor de aandachtsfunctionaris").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keuze opslaan" }).ClickAsync();
        await Assertions.Expect(page.Locator(".email-choice p.problem[role=alert]")).ToContainTextAsync("is geen e-mailadres");
        await BrowserHost.ScreenshotAsync(page, $"meldingen-email-geweigerd-{width}");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Uw e-mailadres")).ToHaveValueAsync(before);

        await page.GetByLabel("Uw e-mailadres").FillAsync("m.jansen@demaas.example");
        await page.GetByLabel("Zorgen over veiligheid (Meldcode), voor de aandachtsfunctionaris").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keuze opslaan" }).ClickAsync();
        await BrowserHost.ScreenshotAsync(page, $"meldingen-email-opgeslagen-{width}");
        await Assertions.Expect(page.Locator(".email-choice .result")).ToHaveTextAsync("Opgeslagen: u ontvangt 1 soort meldingen op m.jansen@demaas.example.");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Uw e-mailadres")).ToHaveValueAsync("m.jansen@demaas.example");
        Assert.True(await page.GetByLabel("Zorgen over veiligheid (Meldcode), voor de aandachtsfunctionaris").IsCheckedAsync());
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task The_functional_administrator_adds_a_webhook_sees_its_failure_retries_it_and_removes_it_after_a_question(int width, int height)
    {
        var page = await Host.OpenAsync("/", "beheerder-maas", new ViewportSize { Width = width, Height = height });
        await page.Locator("h1", new() { HasText = "Meldingen beheren" }).WaitForAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        // Only https; a refused form keeps nothing.
        await page.GetByLabel("Adres (https://…)").FillAsync("http://praktijk.example/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Webhook toevoegen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#hook-problem")).ToContainTextAsync("geen https-adres");
        Assert.Equal(0, await page.Locator(".webhooks li").CountAsync());

        await page.GetByLabel("Adres (https://…)").FillAsync($"https://127.0.0.1:9/hook-{width}");
        await page.GetByLabel("Omschrijving (welk systeem)").FillAsync("Praktijksysteem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Webhook toevoegen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".secret-value")).ToContainTextAsync("whsec_");
        await Assertions.Expect(page.Locator(".webhooks li")).ToContainTextAsync($"https://127.0.0.1:9/hook-{width}");
        await BrowserHost.ScreenshotAsync(page, $"beheer-webhook-geheim-{width}");

        // A safety concern goes to the webhook, which cannot be reached: the failure shows with its error.
        await RaiseSafetyConcernAsync($"BR-WEBHOOK-{width}");
        await Host.Services.GetRequiredService<OutboxWorker>().RunDueAsync(CancellationToken.None);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mislukt", Exact = true }).ClickAsync();
        var failed = page.Locator(".deliveries li.failing", new() { HasText = $"hook-{width}" }).First;
        await Assertions.Expect(failed).ToContainTextAsync("Laatste fout:");
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The operations page scrolls sideways.");
        await BrowserHost.ScreenshotAsync(page, $"beheer-mislukt-{width}");
        await failed.GetByRole(AriaRole.Button, new() { Name = "Opnieuw proberen" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=bezorgingen-kop] .result")).ToContainTextAsync("opnieuw geprobeerd");

        // Removing asks first; "Nee" keeps it.
        var hook = page.Locator(".webhooks li", new() { HasText = $"hook-{width}" });
        await hook.GetByRole(AriaRole.Button, new() { Name = "Verwijderen", Exact = true }).ClickAsync();
        await hook.GetByRole(AriaRole.Button, new() { Name = "Nee", Exact = true }).ClickAsync();
        await Assertions.Expect(hook.GetByRole(AriaRole.Button, new() { Name = "Nee", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(hook).ToHaveCountAsync(1);
        await hook.GetByRole(AriaRole.Button, new() { Name = "Verwijderen", Exact = true }).ClickAsync();
        await Assertions.Expect(hook).ToContainTextAsync("dit kan niet ongedaan worden");
        await hook.GetByRole(AriaRole.Button, new() { Name = "Ja, verwijderen" }).ClickAsync();
        await Assertions.Expect(hook).ToHaveCountAsync(0);
    }
}
