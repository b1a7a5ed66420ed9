using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>The client's page shows her screening, what was decided with her, and consent, each apart from the timeline.</summary>
public class ClientPageTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 812)]
    public async Task The_client_page_shows_the_screening_the_assessment_and_the_consent_history(int width, int height)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync($"BR-GESCHIEDENIS-{width}", "GM0599", CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("INTAKE"), null) { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("ID_BSN"), "geverifieerd") { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new CompleteTask(journey.Open("SCREEN_PPS"), "niet-afgenomen") { By = Midwife }, CancellationToken.None);
        await journey.RunAsync(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" }, CancellationToken.None);

        var page = await Host.OpenAsync($"/clienten/{journey.InstanceId}", "verloskundige-maas", new ViewportSize { Width = width, Height = height });
        var history = page.Locator("section.client-history");
        await history.WaitForAsync();

        var screening = await history.Locator("ol[data-topic=screening] li").AllInnerTextsAsync();
        Assert.Contains(screening, line => line.Contains("Screening psychopathologie", StringComparison.Ordinal) && line.Contains("niet afgenomen", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Nog geen uitkomst van een gesprek", await history.InnerTextAsync(), StringComparison.Ordinal);
        var consent = Assert.Single(await history.Locator("ol[data-topic=consent] li").AllInnerTextsAsync());
        Assert.Contains("toestemming vastgelegd", consent, StringComparison.Ordinal);
        Assert.DoesNotContain(screening, line => line.Contains("Intake", StringComparison.Ordinal));
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, $"clientpagina-{width}");
    }
}
