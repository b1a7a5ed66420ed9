using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Blauwdruk.Tests.Journeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Care;

/// <summary>
/// The task page as a midwife uses it: the task first and the pathway folded below it, with done steps and
/// the Meldcode only for who may see it; the completion's message at the top; the task's own actions; the
/// screening that was not taken recording nothing; the conversation after the screening showing its answers.
/// </summary>
public class TaskPageTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    private static Actor Midwife => new("verloskundige-maas", ["verloskundige"], "ura:90000101");
    private static Actor Kraamzorg => new("kraamverzorgende-rijnmond", ["kraamverzorgende"], "ura:90000104");
    private readonly List<AsyncServiceScope> _scopes = [];
    private static readonly string[] Positive = ["psychosociaal.1", "psychopathologie.2", "hulpbronnen.1", "hulpbronnen.3"];

    private async Task<ClientJourney> StartAsync(string reference, bool intakeDone = false, Dictionary<string, string>? careTeam = null)
    {
        // The journey runs more commands after this returns: its scope lives as long as the test class.
        var scope = Host.Services.CreateAsyncScope();
        _scopes.Add(scope);
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync(reference, "GM0599", CancellationToken.None, careTeam);
        if (intakeDone)
        {
            await journey.RunAsync(new CompleteTask(journey.Open("INTAKE"), null) { By = Midwife }, CancellationToken.None);
        }

        return journey;
    }

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 812)]
    public async Task The_task_comes_first_and_the_pathway_is_folded_below_with_done_steps_and_no_meldcode_for_who_may_not_see_it(int width, int height)
    {
        // The kraamverzorgende raised a safety concern: her organisation sees the Meldcode route, the midwife's does not.
        var journey = await StartAsync($"BR-VOLGORDE-{width}", intakeDone: true, careTeam: new() { ["kraamverzorgende"] = "ura:90000104" });
        await journey.RunAsync(new RaiseSignal("safety-concern") { By = Kraamzorg }, CancellationToken.None);
        var page = await Host.OpenAsync($"/taken/{journey.Open("ID_BSN")}", "verloskundige-maas", new ViewportSize { Width = width, Height = height });
        await page.Locator("h1", new() { HasText = "Identiteit en BSN vaststellen" }).WaitForAsync();
        await page.Locator("form.complete").WaitForAsync();

        // Title, facts, form, contacts, where she stands: in that order.
        var order = await page.EvaluateAsync<double[]>(
            "() => ['h1', 'dl.facts', 'form.complete', '#waar'].map(s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)");
        Assert.True(order.Zip(order.Skip(1)).All(p => p.First < p.Second), $"Order on the page: {string.Join(", ", order)}");
        await BrowserHost.ScreenshotAsync(page, $"taak-{width}", fullPage: false);
        var diagram = page.Locator("details.pathway-diagram");
        Assert.Null(await diagram.GetAttributeAsync("open"));
        Assert.False(await page.Locator(".diagram svg").IsVisibleAsync());

        await diagram.Locator("summary").ClickAsync();
        await page.Locator(".diagram svg").WaitForAsync();
        Assert.Equal("true", await page.Locator("g[data-step=INTAKE]").GetAttributeAsync("data-done"));
        Assert.Equal("true", await page.Locator("g[data-step=ID_BSN]").GetAttributeAsync("data-current"));
        Assert.Null(await page.Locator("g[data-step=ID_BSN]").GetAttributeAsync("data-done"));
        Assert.Contains("afgerond", await page.Locator(".diagram-legend").InnerTextAsync());
        Assert.Equal(0, await page.Locator("g[data-step^=VT_]").CountAsync());
        Assert.DoesNotContain("Meldcode", await page.Locator(".diagram").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, $"taak-{width}");

        // The kraamverzorgende, whose organisation raised it, sees the route in the same diagram.
        var kraam = await Host.OpenAsync($"/taken/{journey.Open("VT_SIGNALS")}", "kraamverzorgende-rijnmond");
        await kraam.Locator("details.pathway-diagram summary").ClickAsync();
        await kraam.Locator("g[data-step=VT_SIGNALS]").WaitForAsync();
        Assert.Equal("true", await kraam.Locator("g[data-step=VT_SIGNALS]").GetAttributeAsync("data-current"));
    }

    [Fact]
    public async Task After_a_positive_screening_the_message_at_the_top_links_to_the_conversation_which_shows_the_answers_and_what_follows()
    {
        var journey = await StartAsync("BR-BESPREKEN-1", intakeDone: true);
        await journey.RunAsync(new CompleteTask(journey.Open("ID_BSN"), "geverifieerd") { By = Midwife }, CancellationToken.None);
        var page = await Host.OpenAsync($"/taken/{journey.Open("SCREEN_PPS")}", "verloskundige-maas");
        await page.Locator(".questionnaire").WaitForAsync();

        // A failed submit: focus on the first problem, which its field names through aria-describedby.
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.Locator("#outcome-problem").WaitForAsync();
        await BrowserHost.WaitForFocusAsync(page, "e.name === 'outcome'");
        Assert.Equal("outcome", await page.EvaluateAsync<string>("() => document.activeElement.name"));
        Assert.Equal("outcome-problem", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-describedby')"));
        await page.GetByLabel("Screening afgenomen").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('[data-link-id]') !== null");
        var describedBy = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-describedby')");
        Assert.EndsWith("-problem", describedBy);
        Assert.Equal("Beantwoord deze vraag.", await page.Locator($"[id='{describedBy}']").InnerTextAsync());

        foreach (var question in await page.Locator(".q-choice").AllAsync())
        {
            var linkId = await question.GetAttributeAsync("data-link-id");
            await question.GetByLabel(Positive.Contains(linkId) ? "Ja" : "Nee", new() { Exact = true }).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        var message = page.Locator(".done-message");
        await message.WaitForAsync();
        // At the top, under the title, with the focus; the task says it is done and its form is gone.
        await BrowserHost.WaitForFocusAsync(page, "e.classList.contains('done-message')");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.done-message').compareDocumentPosition(document.querySelector('dl.facts')) & Node.DOCUMENT_POSITION_FOLLOWING"));
        Assert.Equal("afgerond", await page.Locator("dl.facts [data-status]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form.complete").CountAsync());
        Assert.Equal(0, await page.GetByText("open", new() { Exact = true }).CountAsync());
        await BrowserHost.ScreenshotAsync(page, "taak-afgerond", fullPage: false);

        await message.GetByRole(AriaRole.Link, new() { Name = "Uitkomst bespreken met de zwangere" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Uitkomst bespreken met de zwangere" }).WaitForAsync();
        var review = page.Locator(".screening-review");
        await review.WaitForAsync();
        Assert.Contains("ja", await review.Locator("li[data-fact-label='Screening positief (ten minste één risicodomein)']").InnerTextAsync());
        Assert.Contains("ja", await review.Locator("li", new() { HasText = "Kwetsbaar volgens de definitie" }).InnerTextAsync());
        Assert.Equal("ja", await review.Locator("dt[data-link-id='psychosociaal.1'] + dd").InnerTextAsync());
        Assert.Equal("nee", await review.Locator("dt[data-link-id='middelen.1'] + dd").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await BrowserHost.ScreenshotAsync(page, "uitkomst-bespreken");
    }

    [Fact]
    public async Task A_screening_not_taken_asks_for_no_answers_and_records_no_questionnaire_response()
    {
        var journey = await StartAsync("BR-NIETAFGENOMEN-1", intakeDone: true);
        await journey.RunAsync(new CompleteTask(journey.Open("ID_BSN"), "geverifieerd") { By = Midwife }, CancellationToken.None);
        var page = await Host.OpenAsync($"/taken/{journey.Open("SCREEN_PPS")}", "verloskundige-maas");
        await page.Locator(".questionnaire").WaitForAsync();

        await page.GetByLabel("Niet afgenomen of geweigerd").CheckAsync();
        await page.Locator("#geen-antwoorden").WaitForAsync();
        Assert.Equal(0, await page.Locator(".questionnaire").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.Locator(".done-message").WaitForAsync();
        Assert.Contains("Herhaalde signalering", await page.Locator(".done-message").InnerTextAsync());

        var (state, journal) = await WithAsync(async services =>
        {
            var loader = services.GetRequiredService<InstanceLoader>();
            return ((await loader.ReadAsync(journey.InstanceId, CancellationToken.None))!, await loader.JournalAsync(journey.InstanceId, CancellationToken.None));
        });
        Assert.DoesNotContain(state.Record, json => json.Contains("QuestionnaireResponse", StringComparison.Ordinal));
        Assert.Empty(journal.OfType<TaskCompleted>().Single(c => c.Outcome == "niet-afgenomen").Resources);
    }

    [Fact]
    public async Task A_midwife_takes_a_task_on_pauses_it_with_a_reason_resumes_and_hands_it_back_and_finds_it_under_her_own_tasks()
    {
        var journey = await StartAsync("BR-ACTIES-1");
        var task = journey.Open("INTAKE");
        var page = await Host.OpenAsync($"/taken/{task}", "verloskundige-maas");
        var status = page.Locator("dl.facts [data-status]");
        await status.WaitForAsync();
        Assert.Equal("open", await status.InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("opgepakt door u");

        var worklist = await Host.OpenAsync("/werklijst", "verloskundige-maas");
        await worklist.GetByLabel("Alleen mijn taken").CheckAsync();
        var row = worklist.Locator("tr", new() { HasText = "BR-ACTIES-1" });
        await row.WaitForAsync();
        Assert.Contains("opgepakt", await row.InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Pauzeren" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak pauzeren" }).ClickAsync();
        await page.Locator("#pauze-probleem").WaitForAsync();
        await BrowserHost.WaitForFocusAsync(page, "e.id === 'pauze-reden'");
        Assert.Equal("pauze-reden", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Contains("pauze-probleem", await page.GetByLabel("Reden om te pauzeren").GetAttributeAsync("aria-describedby"));
        await page.GetByLabel("Reden om te pauzeren").FillAsync("Wacht op de echo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak pauzeren" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("gepauzeerd");
        Assert.Contains("Wacht op de echo", await status.InnerTextAsync());

        await worklist.GetByLabel("Status").SelectOptionAsync("OnHold");
        await Assertions.Expect(worklist.Locator("tr", new() { HasText = "BR-ACTIES-1" })).ToContainTextAsync("gepauzeerd");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hervatten" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("bezig door u");
        await page.GetByRole(AriaRole.Button, new() { Name = "Teruggeven" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("open");

        // Nobody else at her practice is a midwife in the demo world: the page says so rather than offering a list.
        await page.GetByRole(AriaRole.Button, new() { Name = "Overdragen aan een collega" }).ClickAsync();
        Assert.Contains("geen andere collega", await page.Locator("#overdragen").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_meldcodes_first_step_records_the_signals_beside_the_concern_raised_and_can_be_given_to_a_colleague()
    {
        var journey = await StartAsync("BR-SIGNALEN-1");
        await journey.RunAsync(new RaiseSignal("safety-concern") { By = Midwife, Note = "Blauwe plek op de arm gezien bij de controle." }, CancellationToken.None);
        var task = journey.Open("VT_SIGNALS");
        var page = await Host.OpenAsync($"/taken/{task}", "verloskundige-maas");
        await page.Locator("h1", new() { HasText = "Meldcode stap 1" }).WaitForAsync();
        Assert.Contains("Blauwe plek op de arm", await page.Locator(".signal-notes").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.Locator("#notitie-probleem").WaitForAsync();
        await BrowserHost.WaitForFocusAsync(page, "e.id === 'notitie'");
        Assert.Equal("notitie", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Contains("notitie-probleem", await page.GetByLabel("Gesignaleerde signalen").GetAttributeAsync("aria-describedby"));
        await BrowserHost.AssertAccessibleAsync(page);

        // Give it to the practice's aandachtsfunctionaris: the melder's role is any care role of the organisation.
        await page.GetByRole(AriaRole.Button, new() { Name = "Overdragen aan een collega" }).ClickAsync();
        await page.GetByLabel("Collega").SelectOptionAsync(new SelectOptionValue { Label = "Marieke Jansen" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak overdragen" }).ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts [data-status]")).ToHaveTextAsync("opgepakt door Marieke Jansen");

        var colleague = await Host.OpenAsync("/werklijst", "aandachtsfunctionaris-maas");
        await colleague.GetByLabel("Alleen mijn taken").CheckAsync();
        await colleague.Locator("tr[data-step=VT_SIGNALS]", new() { HasText = "BR-SIGNALEN-1" }).WaitForAsync();

        await page.GetByLabel("Gesignaleerde signalen").FillAsync("Zij vertelt dat haar partner haar heeft geduwd; 12 november.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        await page.Locator(".done-message").WaitForAsync();
        var journal = await WithAsync(services => services.GetRequiredService<InstanceLoader>().JournalAsync(journey.InstanceId, CancellationToken.None));
        Assert.Equal("Zij vertelt dat haar partner haar heeft geduwd; 12 november.", journal.OfType<TaskCompleted>().Single(c => c.TaskId == task).Note);
    }

    [Fact]
    public async Task The_identity_step_cannot_be_completed_before_the_identity_is_recorded()
    {
        var journey = await StartAsync("BR-IDENTITEIT-1", intakeDone: true);
        var page = await Host.OpenAsync($"/taken/{journey.Open("ID_BSN")}", "verloskundige-maas");
        await page.GetByLabel("Identiteit en BSN vastgesteld").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak afronden" }).ClickAsync();
        Assert.Contains("Leg eerst de identiteit vast", await page.Locator("#identiteit-probleem").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".done-message").CountAsync());
    }

    [Fact]
    public async Task Her_bsn_already_in_another_running_pathway_is_refused_at_the_identity_step_with_a_link_to_it()
    {
        var bsn = TestBsn.Fresh();
        var first = await StartAsync("BR-IDENTITEIT-EERST");
        await first.IdentifyAsync(new ClientIdentity(bsn, "Jansen", "Eva", new DateOnly(1996, 3, 14)), CancellationToken.None);
        var second = await StartAsync("BR-IDENTITEIT-TWEEDE", intakeDone: true);

        var page = await Host.OpenAsync($"/taken/{second.Open("ID_BSN")}", "verloskundige-maas");
        var person = page.Locator("form.identity fieldset:has(> legend:text-is('De cliënt'))");
        await person.GetByLabel("BSN", new() { Exact = true }).FillAsync(bsn);
        await person.GetByLabel("Voornaam").FillAsync("Eva");
        await person.GetByLabel("Achternaam").FillAsync("Jansen");
        await person.GetByLabel("Geboortedatum").FillAsync("14-03-1996");
        await page.GetByRole(AriaRole.Button, new() { Name = "Identiteit opslaan" }).ClickAsync();

        var problem = page.Locator("form.identity p.problem[role=alert]");
        await problem.WaitForAsync();
        Assert.Contains("al een lopend traject", await problem.InnerTextAsync());
        Assert.DoesNotContain(bsn, await problem.InnerTextAsync());
        Assert.EndsWith($"/clienten/{first.InstanceId}", await problem.GetByRole(AriaRole.Link, new() { Name = "Naar het lopende traject" }).GetAttributeAsync("href"));
        Assert.False(await WithAsync(async services => await services.GetRequiredService<BlauwdrukDbContext>().ClientIdentities.AnyAsync(c => c.InstanceId == second.InstanceId)));
    }

    [Theory]
    [InlineData("verloskundige-maas", 1)]
    [InlineData("jgz-rijnmond", 0)]
    [InlineData("coordinator-rijnmond", 0)]
    public async Task Only_a_role_that_may_start_a_pathway_is_offered_to_start_one(string user, int buttons)
    {
        var page = await Host.OpenAsync("/werklijst", user);
        await page.Locator("h1", new() { HasText = "Werklijst" }).WaitForAsync();
        await page.Locator("table.worklist, p.empty").First.WaitForAsync();
        Assert.Equal(buttons, await page.GetByRole(AriaRole.Link, new() { Name = "Nieuw traject starten" }).CountAsync());
    }

    [Fact]
    public async Task On_a_phone_the_first_task_of_the_worklist_is_on_the_first_screen()
    {
        await StartAsync("BR-TELEFOON-1");
        var page = await Host.OpenAsync("/werklijst", "verloskundige-maas", new ViewportSize { Width = 375, Height = 812 });
        var first = page.Locator("table.worklist tbody tr").First;
        await first.WaitForAsync();
        var box = (await first.BoundingBoxAsync())!;
        Assert.True(box.Y + box.Height <= 812, $"The first task ends at {box.Y + box.Height} px, below the screen.");
        await BrowserHost.ScreenshotAsync(page, "werklijst-telefoon", fullPage: false);
    }
}
