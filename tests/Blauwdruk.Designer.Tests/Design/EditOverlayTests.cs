using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>A regional coordinator edits the region's overlay through the forms, checked at once, and publishes it.</summary>
public class EditOverlayTests(BrowserHost host) : BrowserTest(host), IClassFixture<BrowserHost>
{
    [Fact]
    public async Task A_coordinator_lengthens_a_locked_deadline_sees_the_error_next_to_it_fixes_it_publishes_and_finds_the_version_in_the_history()
    {
        var page = await Host.OpenAsync("/zorgpaden", "coordinator-rijnmond");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bewerken" }).ClickAsync();
        var row = page.Locator("tr[data-step=ID_BSN]");
        await row.WaitForAsync();
        Assert.Contains("Wettelijke identificatieplicht", await row.Locator(".locked-reason").InnerTextAsync());
        Assert.Equal("1.5.0", await page.GetByLabel("Nieuwe versie").InputValueAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        var deadline = row.Locator("input.duration-number");
        await row.Locator("select.duration-unit").SelectOptionAsync("dagen");
        await deadline.FillAsync("30");
        await deadline.PressAsync("Tab");
        var problem = row.Locator(".problem");
        await problem.WaitForAsync();
        Assert.Contains("mag korter, tot ", await problem.InnerTextAsync());
        Assert.Equal("true", await deadline.GetAttributeAsync("aria-invalid"));
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).IsDisabledAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        await deadline.FillAsync("5");
        await deadline.PressAsync("Tab");
        await problem.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Contains("binnen 5 dagen", await page.Locator("table.diff tr[data-step=ID_BSN] td.new").InnerTextAsync());
        await page.Locator("#verschil").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => document.querySelector('#verschil').scrollIntoView()");
        await BrowserHost.ScreenshotAsync(page, "ontwerp-verschil", fullPage: false);

        // A contact that is not an e-mail address is named next to its field, by the engine's own check.
        var email = page.Locator("#email-de-maas");
        await email.FillAsync("praktijk-at-demaas");
        await email.PressAsync("Tab");
        var emailProblem = page.Locator("tr[data-organisation=de-maas] .problem");
        Assert.Contains("is geen e-mailadres", await emailProblem.InnerTextAsync());
        await email.FillAsync("verloskunde@demaas.example");
        await email.PressAsync("Tab");
        await emailProblem.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        Assert.Contains("Zorgplan afstemmen met de POP-poli", await page.Locator("ul.local-steps li[data-step=CAREPLAN_POP]").InnerTextAsync());
        Assert.Equal("pps-screening", await page.Locator("#questionnaire-SCREEN_PPS").InputValueAsync()); // locked step, free instrument

        // A local organisation to refer to, added to the medical referral step.
        var medical = page.Locator("fieldset.referrals[data-step=REF_MEDICAL]");
        await medical.GetByLabel("Organisatie").SelectOptionAsync("kraamzorg-rijnmond");
        await medical.GetByLabel("Naam voor de professional").FillAsync("Kraamzorg Rijnmond (voorlichting)");
        await medical.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }).ClickAsync();
        await medical.Locator("li", new() { HasText = "Kraamzorg Rijnmond (voorlichting)" }).WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "Concept 1.5.0 is opgeslagen." }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren…" }).ClickAsync();
        Assert.Contains("Identiteit en BSN vaststellen", await page.Locator("section.confirm").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren bevestigen" }).ClickAsync();

        var published = page.Locator("table.history tr[data-version='1.5.0']");
        await published.Filter(new() { HasText = "gepubliceerd" }).WaitForAsync();
        Assert.Contains("coordinator-rijnmond", await published.InnerTextAsync());
        Assert.Equal("1.6.0", await page.GetByLabel("Nieuwe versie").InputValueAsync());

        // The file as published kept the comments written by hand (the first points editors to the schema).
        await using var scope = Host.Services.CreateAsyncScope();
        var source = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().PathwayVersions.AsNoTracking()
            .Where(v => v.PathwayId == "rijnmond-zuid" && v.Version == "1.5.0").Select(v => v.Source).SingleAsync();
        Assert.StartsWith("# yaml-language-server: $schema=../schema/overlay.schema.json\n", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_plays_a_scenario_through_the_draft_sees_the_timeline_and_a_deadline_the_region_changed_is_named_not_failed()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond");
        await page.Locator("#scenario-file").WaitForAsync();

        await page.GetByLabel("Scenario uit de standaard").SelectOptionAsync("meldcode.yaml");
        await page.WaitForFunctionAsync("() => document.querySelector('#scenario-text').value.includes('Meldcode')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuleren" }).ClickAsync();
        var status = page.Locator(".scenario-test [role=status]");
        Assert.Contains("alle verwachtingen kwamen uit", await status.InnerTextAsync());
        Assert.Contains("Meldcode stap 1", await page.Locator("ol.simulated").InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        // The standard's own scenario expects the standard's deadlines; the draft shortens the intake's.
        var intake = page.Locator("tr[data-step=INTAKE] input.duration-number");
        await page.Locator("tr[data-step=INTAKE] select.duration-unit").SelectOptionAsync("dagen");
        await intake.FillAsync("10");
        await intake.PressAsync("Tab");
        await page.Locator("table.diff tr[data-step=INTAKE]").WaitForAsync();
        await page.GetByLabel("Scenario uit de standaard").SelectOptionAsync("negatieve-screening.yaml");
        await page.WaitForFunctionAsync("() => document.querySelector('#scenario-text').value.includes('egatieve')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuleren" }).ClickAsync();
        // The standard's scenario adapts: the deadline the region changed is named, not counted as failed.
        await page.Locator(".scenario-test ul.adaptations li", new() { HasText = "de termijn van 'Intake eerste zwangerschapscontrole' is door de regio gewijzigd" }).WaitForAsync();
        Assert.Contains("alle verwachtingen kwamen uit", await status.InnerTextAsync());
        Assert.Equal(0, await page.Locator(".scenario-test ul.problem li").CountAsync());
    }

    [Fact]
    public async Task Instructions_over_the_limit_are_named_at_the_field_and_leaving_with_unsaved_changes_asks_first()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond");
        var instructions = page.Locator("#instructions-MDO");
        await instructions.WaitForAsync();
        Assert.Contains("van hoogstens 2.000 tekens", await page.Locator("#instructions-MDO-count").InnerTextAsync());

        await instructions.FillAsync(string.Concat(Enumerable.Repeat("Bel de casemanager. ", 105)));
        await instructions.PressAsync("Tab");
        var problem = page.Locator("#instructions-MDO-problem");
        // 105 times 20 characters, less the last space, which YAML does not keep.
        Assert.Contains("is 2.099 tekens lang; hoogstens 2.000. Kort hem met 99 tekens in.", await problem.InnerTextAsync());
        Assert.Equal("true", await instructions.GetAttributeAsync("aria-invalid"));
        Assert.Contains("instructions-MDO-problem", await instructions.GetAttributeAsync("aria-describedby"));
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).IsDisabledAsync());

        // The changes are not saved: a link asks first; "Annuleren" keeps the page and the text.
        var asked = new TaskCompletionSource<string>();
        var leave = false;
        page.Dialog += async (_, dialog) =>
        {
            var answer = leave ? dialog.AcceptAsync() : dialog.DismissAsync();
            asked.TrySetResult(dialog.Message);
            await answer;
        };
        var breadcrumb = page.Locator("p.breadcrumb").GetByRole(AriaRole.Link, new() { Name = "Zorgpaden" });
        await breadcrumb.ClickAsync();
        Assert.Contains("nog niet als concept zijn opgeslagen", await asked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await page.Locator("h1", new() { HasText = "Operationeel zorgpad bewerken" }).WaitForAsync();
        Assert.EndsWith("/zorgpaden/rijnmond-zuid/bewerken", page.Url);
        Assert.StartsWith("Bel de casemanager.", await instructions.InputValueAsync());

        leave = true;
        await breadcrumb.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/zorgpaden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_builds_a_scenario_without_yaml_step_by_step_and_sees_what_opens_after_each()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond");
        await page.Locator("details.build-scenario summary").ClickAsync();
        var builder = page.Locator(".scenario-builder");
        await builder.GetByLabel("Eerste controle").FillAsync("04-05-2026");
        await builder.GetByLabel("Uitgerekende datum").FillAsync("14-09-2026");
        await builder.GetByLabel("Gemeente van de cliënt").SelectOptionAsync(new SelectOptionValue { Label = "Rotterdam" });
        await builder.GetByRole(AriaRole.Button, new() { Name = "Beginnen" }).ClickAsync();

        ILocator Task(string step) => builder.Locator($"ul.builder-tasks li[data-step={step}]");
        await Task("INTAKE").GetByRole(AriaRole.Button, new() { Name = "Afronden" }).ClickAsync();
        await Task("ID_BSN").WaitForAsync();
        await builder.GetByRole(AriaRole.Button, new() { Name = "Identiteit vastleggen (test-BSN)" }).ClickAsync();
        await Task("ID_BSN").GetByRole(AriaRole.Button, new() { Name = "Afronden" }).ClickAsync();

        // The screening: an outcome, two questions answered yes, done three days later.
        var screening = Task("SCREEN_PPS");
        await screening.GetByLabel("Uitkomst").SelectOptionAsync(new SelectOptionValue { Label = "Screening afgenomen" });
        await screening.Locator("details summary").ClickAsync();
        await screening.Locator("label.option input").First.CheckAsync();
        await screening.Locator("label.option input").Nth(1).CheckAsync();
        await screening.Locator("input.duration-number").FillAsync("3");
        await screening.Locator("input.duration-number").PressAsync("Tab");
        await screening.GetByRole(AriaRole.Button, new() { Name = "Afronden" }).ClickAsync();
        await screening.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var openNow = await builder.Locator("ul.builder-tasks li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.step)");
        Assert.NotEmpty(openNow);
        await builder.GetByRole(AriaRole.Button, new() { Name = "Verwachting vastleggen: wat nu open staat" }).ClickAsync();
        Assert.Empty(await builder.Locator("ul.problem li").AllInnerTextsAsync());
        Assert.Contains("Screening", await builder.Locator("ol.builder-timeline").InnerTextAsync());
        await BrowserHost.ScreenshotAsync(page, "scenario-opbouwen", fullPage: false);

        // The scenario as a file: what she did, played again by "Simuleren" like any scenario.
        await builder.Locator("details.builder-yaml summary").ClickAsync();
        var yaml = await builder.Locator("#builder-text").InputValueAsync();
        Assert.Contains("  - identify: \"999911120\"", yaml);
        Assert.Matches(@"  - complete: SCREEN_PPS\n    outcome: afgenomen\n    answers: \[[a-z0-9.]+, [a-z0-9.]+\]\n    after: ""P3D""", yaml);
        Assert.Contains($"  - expect: {{ open: [{string.Join(", ", openNow)}] }}", yaml);
        await BrowserHost.AssertAccessibleAsync(page);

        await page.Locator("#scenario-text").FillAsync(yaml);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuleren" }).ClickAsync();
        Assert.Contains("alle verwachtingen kwamen uit", await page.Locator(".scenario-test > [role=status]").InnerTextAsync());

        // A step undone is gone from the file and from what is open.
        await builder.GetByRole(AriaRole.Button, new() { Name = "Laatste stap ongedaan maken" }).ClickAsync();
        await builder.GetByRole(AriaRole.Button, new() { Name = "Laatste stap ongedaan maken" }).ClickAsync();
        await screening.WaitForAsync();
        Assert.DoesNotContain("SCREEN_PPS", await builder.Locator("#builder-text").InputValueAsync());
    }

    [Fact]
    public async Task The_scenario_builder_fits_a_phone()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond", BrowserHost.Phone);
        await page.Locator("details.build-scenario summary").ClickAsync();
        await page.Locator(".scenario-builder").GetByRole(AriaRole.Button, new() { Name = "Beginnen" }).ClickAsync();
        await page.Locator(".scenario-builder ul.builder-tasks li[data-step=INTAKE]").WaitForAsync();

        var wider = await page.Locator(".scenario-builder").EvaluateAsync<string[]>(
            "b => [...b.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))");
        Assert.Empty(wider);
        await BrowserHost.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task An_error_in_a_new_local_step_is_shown_with_that_step_by_the_steps_names()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond");
        var add = page.Locator("fieldset.add-local-step");
        await add.WaitForAsync();
        await add.GetByLabel("Naam van de stap").FillAsync("Tolk regelen");
        await add.GetByLabel("Code (hoofdletters)").FillAsync("tolk");
        // A select's name includes its chosen option, so the labels are found by how they begin.
        ILocator Select(string label) => add.Locator("label", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{label}\\b") }).Locator("select");
        await Select("Rol").SelectOptionAsync("verloskundige");
        await Select("Na").SelectOptionAsync("INTAKE");
        await Select("Voor").SelectOptionAsync("DISCUSS");
        await add.Locator("#local-deadline-unit").SelectOptionAsync("dagen");
        await add.GetByLabel("Termijn", new() { Exact = true }).FillAsync("3");
        await add.GetByRole(AriaRole.Button, new() { Name = "Stap toevoegen" }).ClickAsync();

        var step = page.Locator("ul.local-steps li[data-step=TOLK]");
        var problem = step.Locator(".problem");
        await problem.WaitForAsync();
        Assert.Contains("Er is geen pijl van 'Intake eerste zwangerschapscontrole' naar 'Uitkomst bespreken met de zwangere'", await problem.InnerTextAsync());
        Assert.Contains("termijn binnen 3 dagen", await step.InnerTextAsync());
        Assert.Equal(0, await page.Locator(".problems li", new() { HasText = "geen pijl" }).CountAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).IsDisabledAsync());
        await BrowserHost.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_new_organisations_code_is_checked_by_the_engine_and_a_wrong_one_is_named_next_to_the_field()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-rijnmond");
        var name = page.GetByLabel("Nieuwe organisatie");
        await name.WaitForAsync();
        await name.FillAsync("Kraamzorg Zuid");
        var code = page.GetByLabel("Code (kleine letters)");
        await code.FillAsync("kraamzorg zuid");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Organisatie toevoegen" });
        await add.ClickAsync();

        var problem = page.Locator("#new-organisation-problem");
        Assert.Contains("Ongeldige code van organisatie 'kraamzorg zuid'", await problem.InnerTextAsync());
        Assert.Equal("true", await code.GetAttributeAsync("aria-invalid"));
        Assert.Equal(0, await page.Locator("tr[data-organisation='kraamzorg zuid']").CountAsync());
        await BrowserHost.AssertAccessibleAsync(page);

        await code.FillAsync("kraamzorg-zuid");
        await add.ClickAsync();
        var row = page.Locator("tr[data-organisation=kraamzorg-zuid]");
        await row.WaitForAsync();
        await problem.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // A kraamverzorgende can start the Meldcode: the organisation needs an aandachtsfunctionaris to consult.
        await row.GetByLabel("Kraamverzorgende").CheckAsync();
        var missing = row.Locator("th .problem");
        Assert.Contains("heeft geen aandachtsfunctionaris", await missing.InnerTextAsync());
        await BrowserHost.AssertAccessibleAsync(page);
        await row.GetByLabel("Raadpleegt de aandachtsfunctionaris van").SelectOptionAsync("kraamzorg-rijnmond");
        await missing.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task Another_regions_coordinator_cannot_open_the_editor()
    {
        var page = await Host.OpenAsync("/zorgpaden/rijnmond-zuid/bewerken", "coordinator-drechtsteden");

        await page.Locator("h1", new() { HasText = "Geen toegang" }).WaitForAsync();
        Assert.Equal(0, await page.Locator("table.overlay-steps").CountAsync());
    }
}
