using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Instances;

/// <summary>The runtime's commands through the API, on both databases: FHIR answers drive decisions, signals, dates, claims and cancellations.</summary>
public abstract class RuntimeCommandsTests(BlauwdrukApiFactory factory)
{
    private const string Kraamzorg = "ura:90000104";
    private const string Vsv = "ura:90000100";

    private HttpClient Midwife => factory.ClientFor("verloskundige-maas");

    /// <summary>The standard Blauwdruk for a client in Rotterdam due on 11 January 2027, with Kraamzorg Rijnmond and the VSV on the care team.</summary>
    private Task<InstanceResponse> Start(string client) =>
        Midwife.StartFor(client, pathway: "blauwdruk", expectedDeliveryDate: new DateOnly(2027, 1, 11),
            careTeam: new() { ["kraamverzorgende"] = Kraamzorg, ["zorgcoordinator"] = Vsv });

    /// <summary>A completed PPS screening with "ja" on the given questions, as FHIR JSON.</summary>
    private static JsonObject Screening(params string[] yes)
    {
        var groups = new (string Group, int Count)[] { ("psychopathologie", 3), ("psychosociaal", 3), ("middelen", 3), ("hulpbronnen", 3) };
        return new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["questionnaire"] = "https://fhir.blauwdruk.nl/Questionnaire/pps-screening",
            ["status"] = "completed",
            ["item"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject
            {
                ["linkId"] = g.Group,
                ["item"] = new JsonArray(Enumerable.Range(1, g.Count).Select(i => (JsonNode)new JsonObject
                {
                    ["linkId"] = $"{g.Group}.{i}",
                    ["answer"] = new JsonArray(new JsonObject { ["valueBoolean"] = yes.Contains($"{g.Group}.{i}") }),
                }).ToArray()),
            }).ToArray()),
        };
    }

    private async Task<InstanceResponse> ScreenPositive(string client)
    {
        var instance = await Start(client);
        instance = await Midwife.CompleteAsync(instance, "INTAKE");
        instance = await Midwife.CompleteAsync(instance, "ID_BSN");
        return await Midwife.CompleteAsync(instance, "SCREEN_PPS", "afgenomen", Screening("psychosociaal.3", "middelen.1", "hulpbronnen.1", "hulpbronnen.2"));
    }

    [Fact]
    public async Task A_positive_screening_answered_in_fhir_leads_to_the_conversation()
    {
        var instance = await ScreenPositive("CL-SCREEN");

        Assert.Equal(["DISCUSS"], instance.OpenTasks.Select(t => t.StepId));
        var journal = await Midwife.GetFromJsonAsync<JsonElement>($"/api/instances/{instance.Id}/journal");
        var decision = journal.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "DecisionTaken");
        Assert.Equal("DISCUSS", decision.GetProperty("event").GetProperty("to").GetString());
        var full = await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}");
        Assert.Contains(full!.Timeline!, t => t.Text.StartsWith("beslissing Uitkomst screening → Uitkomst bespreken met de zwangere: want ‘kwetsbaar volgens de definitie", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resource_that_is_not_valid_fhir_is_refused_and_nothing_changes()
    {
        var instance = await Start("CL-BADFHIR");
        instance = await Midwife.CompleteAsync(instance, "INTAKE");
        instance = await Midwife.CompleteAsync(instance, "ID_BSN");
        var task = instance.OpenTasks.Single();

        var notFhir = await Midwife.PostAsJsonAsync($"/api/tasks/{task.Id}/complete", new { resources = new[] { new { resourceType = "QuestionnaireResponse", status = "klaar" } } });
        var wrongType = await Midwife.PostAsJsonAsync($"/api/tasks/{task.Id}/complete", new { resources = new[] { new { resourceType = "Patient", active = true } } });

        Assert.Equal(HttpStatusCode.BadRequest, notFhir.StatusCode);
        Assert.StartsWith("Resource 1 is geen geldige FHIR R4-resource:", (await notFhir.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal("Resource 1 is een Patient; het dossier neemt alleen QuestionnaireResponse, Observation, Flag, Condition op.",
            (await wrongType.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        var unchanged = await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}");
        Assert.Equal(["SCREEN_PPS"], unchanged!.OpenTasks.Select(t => t.StepId));
    }

    /// <summary>The afwegingskader's answers as the web form sends them: an answer and a justification per question.</summary>
    private static JsonObject Afweging(params (int Question, bool Yes)[] answers) => new()
    {
        ["resourceType"] = "QuestionnaireResponse",
        ["questionnaire"] = "https://fhir.blauwdruk.nl/Questionnaire/afwegingskader",
        ["status"] = "completed",
        ["item"] = new JsonArray([.. answers.Select(a => (JsonNode)new JsonObject
        {
            ["linkId"] = $"vraag{a.Question}",
            ["item"] = new JsonArray(
                new JsonObject { ["linkId"] = $"vraag{a.Question}.antwoord", ["answer"] = new JsonArray(new JsonObject { ["valueBoolean"] = a.Yes }) },
                new JsonObject { ["linkId"] = $"vraag{a.Question}.toelichting", ["answer"] = new JsonArray(new JsonObject { ["valueString"] = "Feitelijke onderbouwing" }) }),
        })]),
    };

    [Fact]
    public async Task Help_only_after_acute_unsafety_is_refused_with_the_rule_and_changes_nothing()
    {
        var instance = await ScreenPositive("CL-AFWEGING");
        instance = await Midwife.RaiseAsync(instance, "safety-concern");
        instance = await Midwife.CompleteAsync(instance, "VT_SIGNALS");
        instance = await Midwife.CompleteAsync(instance, "VT_CONSULT", "advies-vastgelegd");
        instance = await Midwife.CompleteAsync(instance, "VT_TALK", "gevoerd");
        instance = await Midwife.CompleteAsync(instance, "VT_WEIGH");
        var decide = instance.OpenTask("VT_DECIDE");
        var acute = Afweging((1, true), (2, true), (3, true), (4, true));

        var helpOnly = await Midwife.PostAsJsonAsync($"/api/tasks/{decide.Id}/complete", new { outcome = "hulp-en-volgen", resources = new[] { acute } });
        var unchanged = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!;
        var reported = await Midwife.PostAsJsonAsync($"/api/tasks/{decide.Id}/complete", new { outcome = "melden-en-hulp", resources = new[] { acute } });

        Assert.Equal(HttpStatusCode.BadRequest, helpOnly.StatusCode);
        Assert.Contains("Bij acute of structurele onveiligheid is melden bij Veilig Thuis altijd nodig (afwegingskader, vraag 2",
            (await helpOnly.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Contains(unchanged.OpenTasks, t => t.Id == decide.Id);
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Contains((await reported.Content.ReadFromJsonAsync<InstanceResponse>())!.OpenTasks, t => t.StepId == "VT_REPORT");
        await using var scope = factory.Services.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.Client == instance.Id.ToString() && e.Resource == "CompleteTask" && e.Outcome == "denied").ToListAsync();
        Assert.Equal("Invalid", Assert.Single(log).Detail);
    }

    [Fact]
    public async Task A_safety_concern_from_kraamzorg_starts_the_meldcode_beside_the_pathway()
    {
        var instance = await ScreenPositive("CL-MELDCODE");
        var kraamzorg = factory.ClientFor("kraamverzorgende-rijnmond");

        var raised = await kraamzorg.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "safety-concern", note = "Zorg na huisbezoek" });

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var after = (await raised.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal(["DISCUSS", "VT_SIGNALS"], after.OpenTasks.Select(t => t.StepId).Order());
        var worklist = await kraamzorg.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}");
        var signals = Assert.Single(worklist!);
        Assert.Equal(("VT_SIGNALS", Kraamzorg), (signals.StepId, signals.OrganisationId));
        Assert.Empty((await kraamzorg.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}&mine=true"))!);
        var claimed = await kraamzorg.PostAsync($"/api/tasks/{signals.Id}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("accepted", (await claimed.Content.ReadFromJsonAsync<InstanceResponse>())!.OpenTasks.Single(t => t.StepId == "VT_SIGNALS").Status);
        Assert.Equal("VT_SIGNALS", Assert.Single((await kraamzorg.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}&mine=true"))!).StepId);
    }

    [Fact]
    public async Task A_locked_step_cannot_be_cancelled_and_a_reason_is_required()
    {
        var instance = await ScreenPositive("CL-CANCEL");
        var discuss = instance.OpenTasks.Single();

        var locked = await Midwife.PostAsJsonAsync($"/api/tasks/{discuss.Id}/cancel", new { reason = "Niet nodig" });
        var noReason = await Midwife.PostAsJsonAsync($"/api/tasks/{discuss.Id}/cancel", new { reason = "" });

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Equal("'Uitkomst bespreken met de zwangere' is een vaste stap en kan niet worden geannuleerd: Kern van de Blauwdruk.",
            (await locked.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
    }

    [Fact]
    public async Task The_birth_cancels_prenatal_work_and_anchored_due_dates_follow_the_dates()
    {
        var instance = await ScreenPositive("CL-BIRTH");
        instance = await Midwife.CompleteAsync(instance, "DISCUSS", "accepteert-hulp");
        instance = await Midwife.CompleteAsync(instance, "CONSENT", "gegeven");
        instance = await Midwife.CompleteAsync(instance, "TRIAGE", "matig");
        Assert.Equal(Vsv, instance.OpenTasks.Single(t => t.StepId == "CAREPLAN").OrganisationId);
        instance = await factory.ClientFor("zorgcoordinator-rijnmond").CompleteAsync(instance, "CAREPLAN");
        Assert.Equal(DateTimeOffset.Parse("2026-10-19T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            instance.OpenTasks.Single(t => t.StepId == "REF_JGZ_PRENATAL").DueAt);

        var moved = await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/dates", new { expectedDeliveryDate = "2027-01-25" });
        instance = (await moved.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            instance.OpenTasks.Single(t => t.StepId == "REF_JGZ_PRENATAL").DueAt);

        // Born today, more than 6 weeks before the due date: only with a reason; tomorrow is not a birth date yet.
        var born = Blauwdruk.Engine.Runtime.DutchWorkingDays.DateOf(factory.Clock.GetUtcNow());
        var tomorrow = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth", occurredOn = born.AddDays(1), newborns = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, tomorrow.StatusCode);
        Assert.Contains("in de toekomst", await tomorrow.Content.ReadAsStringAsync());
        var early = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth", occurredOn = born, newborns = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("geef dan de reden", await early.Content.ReadAsStringAsync());
        var birth = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth", occurredOn = born, newborns = 2, reason = "Vroeggeboorte" });
        Assert.Equal(HttpStatusCode.OK, birth.StatusCode);
        instance = (await birth.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal([1, 2], instance.Newborns.Select(n => n.Number));
        Assert.NotEqual(instance.Newborns[0].Id, instance.Newborns[1].Id);
        Assert.Equal(["BIRTH"], instance.OpenTasks.Select(t => t.StepId));
        Assert.Equal(("postnatal", born), (instance.Phase, instance.BirthDate));
        var timeline = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!.Timeline!;
        Assert.Contains(timeline, t => t.Text == "taak vervallen: Aanbod prenataal huisbezoek JGZ — Vervallen: Bevalling");

        var again = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth" });
        var close = await factory.ClientFor("kraamverzorgende-rijnmond").PostAsJsonAsync($"/api/instances/{instance.Id}/close", new { reason = "Verhuisd" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
    }

    [Fact]
    public async Task A_birth_recorded_by_mistake_is_undone_through_the_correction_with_a_reason_not_through_the_dates()
    {
        var instance = await ScreenPositive("CL-BIRTH-FIX");
        var before = instance.OpenTasks.Select(t => (t.StepId, t.DueAt)).Order().ToArray();
        var born = Blauwdruk.Engine.Runtime.DutchWorkingDays.DateOf(factory.Clock.GetUtcNow());
        var birth = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "birth", occurredOn = born, reason = "Vroeggeboorte" });
        Assert.Equal(HttpStatusCode.OK, birth.StatusCode);

        var dates = await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/dates", new { birthDate = born.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, dates.StatusCode);
        Assert.Contains("Geboorte corrigeren", (await dates.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        var noReason = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/birth-correction", new { notBorn = true });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);

        var undone = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/birth-correction", new { notBorn = true, reason = "Bij de verkeerde cliënt vastgelegd" });
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        instance = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!;
        Assert.Equal(("prenatal", (DateOnly?)null), (instance.Phase, instance.BirthDate));
        Assert.Empty(instance.Newborns);
        Assert.Equal(before, instance.OpenTasks.Select(t => (t.StepId, t.DueAt)).Order().ToArray());
        Assert.Contains(instance.Timeline!, t => t.Text == "geboorte teruggedraaid: zij was nog niet geboren — Bij de verkeerde cliënt vastgelegd");

        var nothingToCorrect = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/birth-correction", new { notBorn = true, reason = "Nogmaals" });
        Assert.Equal(HttpStatusCode.Conflict, nothingToCorrect.StatusCode);
    }

    [Fact]
    public async Task A_retried_call_with_the_same_idempotency_key_gets_the_first_answer_and_changes_nothing()
    {
        var body = new { pathwayId = "blauwdruk", clientReference = "CL-IDEM", municipality = "GM0599" };
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/instances") { Content = JsonContent.Create(body) };
        first.Headers.Add("Idempotency-Key", "start-CL-IDEM");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/instances") { Content = JsonContent.Create(body) };
        retry.Headers.Add("Idempotency-Key", "start-CL-IDEM");
        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/instances") { Content = JsonContent.Create(body with { clientReference = "CL-ANDERS" }) };
        other.Headers.Add("Idempotency-Key", "start-CL-IDEM");

        var a = await Midwife.SendAsync(first);
        var b = await Midwife.SendAsync(retry);
        var c = await Midwife.SendAsync(other);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.Equal("true", b.Headers.GetValues("Idempotent-Replayed").Single());
        var started = (await a.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal(started.Id, (await b.Content.ReadFromJsonAsync<InstanceResponse>())!.Id);
        Assert.Equal(a.Headers.Location, b.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, c.StatusCode);
        var tasks = await Midwife.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?step=INTAKE&instance={started.Id}");
        Assert.Single(tasks!, t => t.InstanceId == started.Id);
        Assert.Equal(1, tasks!.Count(t => started.OpenTasks.Any(o => o.Id == t.Id)));
    }

    [Fact]
    public async Task Without_a_pathway_the_municipality_chooses_the_regions_operational_pathway_and_its_organisations()
    {
        var started = await Midwife.PostAsJsonAsync("/api/instances", new { clientReference = "CL-REGIO", municipality = "GM0489" });
        var nowhere = await Midwife.PostAsJsonAsync("/api/instances", new { clientReference = "CL-NERGENS", municipality = "GM0344" });

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var instance = (await started.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal("rijnmond-zuid", instance.PathwayId);
        Assert.Equal("ura:90000101", instance.CareTeam["verloskundige"]);
        Assert.Equal("ura:90000103", instance.CareTeam["jgz-verpleegkundige"]);
        Assert.Equal(Kraamzorg, instance.CareTeam["kraamverzorgende"]);
        Assert.Equal(Vsv, instance.CareTeam["zorgcoordinator"]);
        Assert.Equal("ura:90000101", instance.CareTeam["aandachtsfunctionaris"]);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal("Er is geen operationeel zorgpad voor gemeente GM0344; noem het zorgpad (pathwayId).", (await nowhere.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_task_follows_the_fhir_status_machine_and_illegal_moves_are_refused_with_the_allowed_ones()
    {
        var instance = await Start("CL-STATUS");
        var intake = instance.OpenTasks.Single().Id;

        async Task<HttpResponseMessage> Move(string status, string? reason = null) =>
            await Midwife.PostAsJsonAsync($"/api/tasks/{intake}/status", new { status, reason });

        var started = await Move("in-progress");
        var held = await Move("on-hold", "Wacht op tolk");
        var heldAgain = await Move("on-hold", "Nog steeds");
        var resumed = await Move("in-progress");
        var assigned = await Midwife.PostAsJsonAsync($"/api/tasks/{intake}/assign", new { userId = "collega-maas" });

        Assert.Equal("in-progress", (await started.Content.ReadFromJsonAsync<InstanceResponse>())!.OpenTasks.Single().Status);
        Assert.Equal("on-hold", (await held.Content.ReadFromJsonAsync<InstanceResponse>())!.OpenTasks.Single().Status);
        Assert.Equal(HttpStatusCode.Conflict, heldAgain.StatusCode);
        Assert.Equal("Een taak met status on-hold kan niet naar on-hold; wel naar: in-progress, completed, cancelled.",
            (await heldAgain.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("collega-maas", (await assigned.Content.ReadFromJsonAsync<InstanceResponse>())!.OpenTasks.Single().Owner);
        var timeline = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!.Timeline!;
        Assert.Contains(timeline, t => t.Text == "taak gepauzeerd: Intake eerste zwangerschapscontrole — Wacht op tolk");
    }

    [Fact]
    public async Task A_referral_that_could_not_be_done_is_recorded_as_failed_and_the_pathway_goes_on()
    {
        var instance = await ScreenPositive("CL-FAILED");
        instance = await Midwife.CompleteAsync(instance, "DISCUSS", "accepteert-hulp");
        instance = await Midwife.CompleteAsync(instance, "CONSENT", "gegeven");
        instance = await Midwife.CompleteAsync(instance, "TRIAGE", "matig");
        instance = await factory.ClientFor("zorgcoordinator-rijnmond").CompleteAsync(instance, "CAREPLAN");
        var referral = instance.OpenTasks.Single(t => t.StepId == "REF_SOCIAL");

        var failed = await Midwife.PostAsJsonAsync($"/api/tasks/{referral.Id}/cancel", new { reason = "Wijkteam niet bereikbaar", failed = true });

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var after = (await failed.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.DoesNotContain(after.OpenTasks, t => t.StepId == "REF_SOCIAL");
        var timeline = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!.Timeline!;
        Assert.Contains(timeline, t => t.Text == "taak mislukt: Toeleiding naar wijkteam, maatschappelijk werk, schuldhulp of verslavingszorg — Wijkteam niet bereikbaar");
        var tasks = await Midwife.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?instance={instance.Id}&status=Failed");
        Assert.Equal("failed", Assert.Single(tasks!).Status);
    }

    [Fact]
    public async Task Overdue_tasks_can_be_asked_for()
    {
        // A host of its own: its clock moves on without touching the other tests.
        await using var host = new BlauwdrukApiFactory(factory.Provider);
        var midwife = host.ClientFor("verloskundige-maas", tokenLifetime: TimeSpan.FromDays(30));
        var instance = await midwife.StartFor("CL-OVERDUE", pathway: "blauwdruk");

        var before = await midwife.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?overdue=true&instance={instance.Id}");
        host.Clock.Advance(TimeSpan.FromDays(15));
        var after = await midwife.GetFromJsonAsync<List<TaskResponse>>($"/api/tasks?overdue=true&instance={instance.Id}");

        Assert.Empty(before!);
        var intake = Assert.Single(after!);
        Assert.True(intake.Overdue);
        Assert.Equal("INTAKE", intake.StepId);
    }
}

public sealed class RuntimeCommandsOnSqlite(SqliteApiFactory factory) : RuntimeCommandsTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class RuntimeCommandsOnPostgres(PostgresApiFactory factory) : RuntimeCommandsTests(factory), IClassFixture<PostgresApiFactory>;
