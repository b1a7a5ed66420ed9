using Blauwdruk.Tests.Journeys;
using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Handovers;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Handovers;

/// <summary>
/// The postnatal handover of twins through the API, on the Rotterdam-Zuid pathway: identity, the
/// consent gate, the preview the client sees, sending, and the JGZ's acknowledgement. On both databases.
/// </summary>
public abstract class HandoverFlowTests(BlauwdrukApiFactory factory)
{
    private readonly string Bsn = TestBsn.Fresh();
    private HttpClient Midwife => factory.ClientFor("verloskundige-maas");

    private static async Task<InstanceResponse> Read(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<InstanceResponse>())!;
    }

    private async Task<(int Journal, int Documents)> Stored(Guid instanceId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        return (await db.Journal.CountAsync(e => e.InstanceId == instanceId), await db.HandoverDocuments.CountAsync(h => h.InstanceId == instanceId));
    }

    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    [Fact]
    public async Task Twins_are_handed_over_only_with_consent_to_the_preview_and_acknowledged_by_the_jgz_of_the_municipality()
    {
        var instance = await Midwife.StartFor("CL-TWINS", careTeam: new() { ["kraamverzorgende"] = "ura:90000104", ["zorgcoordinator"] = "ura:90000100" });

        // The identity: a BSN that fails the eleven test is refused without being repeated; a valid one is never shown back.
        var invalid = await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", new { bsn = "123456789", familyName = "Jansen", givenName = "Fatima", birthDate = "1996-03-12" });
        Assert.DoesNotContain("123456789", (await Problem(invalid, HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        var identified = await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", new { bsn = Bsn, familyName = "Jansen", givenName = "Fatima", birthDate = "1996-03-12" });
        Assert.DoesNotContain(Bsn, await identified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        instance = await Read(identified);

        instance = await Midwife.RaiseAsync(instance, "birth", newborns: 2);
        instance = await Midwife.CompleteAsync(instance, "BIRTH", "levend-geboren");
        instance = await Midwife.KraamweekSignalledAsync(factory.ClientFor("kraamverzorgende-rijnmond"), instance);
        instance = await Midwife.CompleteAsync(instance, "KRAAMBED", "normaal");
        var handover = instance.OpenTasks.Single(t => t.StepId == "HANDOVER_JGZ");
        Assert.StartsWith("Er is geen toestemming van de cliënt", handover.WaitingFor, StringComparison.Ordinal);

        // Without consent: the step waits, says why, and nothing leaves.
        var before = await Stored(instance.Id);
        var refused = await Problem(await Midwife.PostAsync($"/api/tasks/{handover.Id}/send", null), HttpStatusCode.Conflict);
        Assert.Contains("geen toestemming van de cliënt voor de postnatale overdracht", refused.Detail, StringComparison.Ordinal);
        var completed = await Problem(await Midwife.PostAsJsonAsync($"/api/tasks/{handover.Id}/complete", new { }), HttpStatusCode.Conflict);
        Assert.Contains("klaar zodra de JGZ de ontvangst bevestigt", completed.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Stored(instance.Id));

        // The preview the client sees: both children, addressed to the JGZ of Rotterdam.
        var preview = (await (await Midwife.PostAsync($"/api/tasks/{handover.Id}/handover/preview", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HandoverPreviewResponse>())!;
        Assert.Equal(("postnatal", "ura:90000103"), (preview.Handover, preview.Recipient));
        Assert.Contains("Overdracht na de geboorte aan de JGZ: kind 1", preview.Html, StringComparison.Ordinal);
        Assert.Contains("Overdracht na de geboorte aan de JGZ: kind 2", preview.Html, StringComparison.Ordinal);
        Assert.Contains("Voorbeeld — nog niet gedeeld", preview.Html, StringComparison.Ordinal);
        var previewed = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!;
        Assert.Equal("prepared", Assert.Single(previewed.Handovers).Status);
        Assert.Contains(previewed.Timeline!, e => e.Text.StartsWith("overdracht voorbereid en als voorbeeld getoond", StringComparison.Ordinal));
        var printable = await Midwife.GetAsync($"/api/tasks/{handover.Id}/handover/preview.html");
        Assert.Equal("text/html", printable.Content.Headers.ContentType?.MediaType);
        Assert.Contains(preview.ContentVersion, await printable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Consent to another version than the content is refused at once, and nothing is stored (a content that
        // changes after the consent is refused at the send, HandoverRuntimeTests).
        before = await Stored(instance.Id);
        var changed = await Problem(await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/consents", new { handover = "postnatal", previewVersion = "0000000000000000" }), HttpStatusCode.Conflict);
        Assert.StartsWith("De inhoud van de overdracht is veranderd sinds het voorbeeld werd getoond", changed.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Stored(instance.Id));
        await Problem(await Midwife.PostAsync($"/api/tasks/{handover.Id}/send", null), HttpStatusCode.Conflict);

        // Consent to the preview she saw: two documents become available, the task waits for the JGZ.
        await Read(await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/consents", new { handover = "postnatal", previewVersion = preview.ContentVersion }));
        var sent = await Read(await Midwife.PostAsync($"/api/tasks/{handover.Id}/send", null));
        Assert.Equal("in-progress", sent.OpenTasks.Single(t => t.Id == handover.Id).Status);
        Assert.Equal("De overdracht is verstuurd; zij wacht op de ontvangstbevestiging van de JGZ.", sent.OpenTasks.Single(t => t.Id == handover.Id).WaitingFor);
        Assert.Equal(2, (await Stored(instance.Id)).Documents);
        Assert.Equal(["1:available", "2:available"], sent.Handovers.Select(h => $"{h.Child}:{h.Status}"));

        // Another JGZ cannot acknowledge; the JGZ of the municipality acknowledges each child, and the step is done.
        await Problem(await factory.ClientFor("jgz-drechtsteden").PostAsJsonAsync($"/api/tasks/{handover.Id}/acknowledge", new { }), HttpStatusCode.NotFound);
        var jgz = factory.ClientFor("jgz-rijnmond");
        var first = (await (await jgz.PostAsJsonAsync($"/api/tasks/{handover.Id}/acknowledge", new { child = 1 })).Content.ReadFromJsonAsync<AcknowledgementResponse>())!;
        Assert.Equal(["1:acknowledged", "2:available"], first.Documents.OrderBy(d => d.Child).Select(d => $"{d.Child}:{d.Status}"));
        var both = await jgz.PostAsJsonAsync($"/api/tasks/{handover.Id}/acknowledge", new { child = 2 });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        var after = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!;
        Assert.DoesNotContain(after.OpenTasks, t => t.Id == handover.Id);
        Assert.Equal(["1:acknowledged", "2:acknowledged"], after.Handovers.Select(h => $"{h.Child}:{h.Status}"));
        Assert.Contains(after.Timeline!, e => e.Text.StartsWith("ontvangst bevestigd door JGZ Rotterdam-Zuid (Centrum voor Jeugd en Gezin)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_jgz_acknowledges_with_a_note_that_only_the_sending_organisation_reads_and_a_note_too_long_changes_nothing()
    {
        var instance = await Midwife.StartFor("CL-BERICHT");
        await Midwife.IdentifyAsync(instance, Bsn);
        instance = await Midwife.RaiseAsync(instance, "birth");
        instance = await Midwife.CompleteAsync(instance, "BIRTH", "levend-geboren");
        instance = await Midwife.KraamweekSignalledAsync(factory.ClientFor("kraamverzorgende-rijnmond"), instance);
        instance = await Midwife.CompleteAsync(instance, "KRAAMBED", "normaal");
        var task = instance.OpenTask("HANDOVER_JGZ");
        await Midwife.ConsentAsync(instance, "postnatal", (await Midwife.PreviewAsync(task)).ContentVersion);
        await Midwife.SendHandoverAsync(task);
        var jgz = factory.ClientFor("jgz-rijnmond");

        // Too long: refused in Dutch as a problem, nothing stored, still waiting for the acknowledgement.
        var before = await Stored(instance.Id);
        var tooLong = await Problem(await jgz.PostAsJsonAsync($"/api/tasks/{task.Id}/acknowledge", new { note = new string('x', 1001) }), HttpStatusCode.BadRequest);
        Assert.StartsWith("Het bericht aan de overdrager is te lang", tooLong.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Stored(instance.Id));
        Assert.Equal(HandoverStatus.Available, Assert.Single((await Sent(task.Id, "verloskundige-maas"))!).Status);

        var acknowledged = await jgz.PostAsJsonAsync($"/api/tasks/{task.Id}/acknowledge", new { child = (int?)null, note = "  Huisbezoek gepland op dinsdag.  " });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);

        // The sending practice reads the acknowledgement with its note; the JGZ itself, another practice and the hospital on the care team read nothing.
        var receipt = Assert.Single((await Sent(task.Id, "verloskundige-maas"))!);
        Assert.Equal((HandoverStatus.Acknowledged, "ura:90000103", "Huisbezoek gepland op dinsdag."), (receipt.Status, receipt.AcknowledgedBy, receipt.Note));
        Assert.NotNull(receipt.AcknowledgedAt);
        Assert.Null(await Sent(task.Id, "jgz-rijnmond"));
        Assert.Null(await Sent(task.Id, "verloskundige-merwede"));
        Assert.Null(await Sent(task.Id, "gynaecoloog-zuid"));
    }

    /// <summary>The sender's read of a handover (what the midwife's task page shows), as a demo user.</summary>
    private async Task<IReadOnlyList<HandoverReceipt>?> Sent(Guid task, string user)
    {
        var demo = DemoUsers.Find(user)!;
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoverReads>().SentAsync(task, new Actor(demo.Id, [demo.Role], demo.OrganisationId), CancellationToken.None);
    }

    private static object Weighing(params string[] data) => new
    {
        professional = "verloskundige M. de Vries",
        whyNoConsent = "Toestemming vragen brengt de cliënt in gevaar.",
        data,
        until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
    };

    [Fact]
    public async Task The_contact_data_are_checked_a_wrong_postcode_changes_nothing_and_the_preview_carries_them()
    {
        var instance = await Midwife.StartFor("CL-CONTACT", careTeam: new() { ["kraamverzorgende"] = "ura:90000104" });
        var identity = new
        {
            bsn = Bsn, familyName = "Jansen", givenName = "Fatima", birthDate = "1996-03-12",
            address = new { street = "Dordtselaan", houseNumber = "112b", postcode = "3073 GE", city = "Rotterdam" },
            phone = "06-12345678", language = "Arabisch", interpreterNeeded = true,
            partner = new { name = "Youssef El Idrissi", phone = "06-87654321", parentalAuthority = true },
            generalPractitioner = new { name = "Huisartsenpraktijk Afrikaanderwijk", phone = "010-4850000" },
        };

        var wrong = await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", identity with { address = identity.address with { postcode = "30731" } });
        Assert.StartsWith("De postcode is geen Nederlandse postcode", (await Problem(wrong, HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        Assert.Equal(0, await StoredIdentities(instance.Id));

        instance = await Read(await Midwife.PutAsJsonAsync($"/api/instances/{instance.Id}/client", identity));
        instance = await Midwife.RaiseAsync(instance, "birth");
        instance = await Midwife.CompleteAsync(instance, "BIRTH", "levend-geboren");
        instance = await Midwife.KraamweekSignalledAsync(factory.ClientFor("kraamverzorgende-rijnmond"), instance);
        instance = await Midwife.CompleteAsync(instance, "KRAAMBED", "normaal");
        var preview = System.Net.WebUtility.HtmlDecode((await Midwife.PreviewAsync(instance.OpenTasks.Single(t => t.StepId == "HANDOVER_JGZ"))).Html);

        Assert.Contains("Adres: Dordtselaan 112b, 3073 GE Rotterdam", preview, StringComparison.Ordinal);
        Assert.Contains("Taal: Arabisch; een tolk is nodig", preview, StringComparison.Ordinal);
        Assert.Contains("Partner: Youssef El Idrissi, tel. 06-87654321; heeft het gezag", preview, StringComparison.Ordinal);
        Assert.Contains("Anouk de Vries", preview, StringComparison.Ordinal);
    }

    private async Task<int> StoredIdentities(Guid instanceId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().ClientIdentities.CountAsync(c => c.InstanceId == instanceId);
    }

    [Fact]
    public async Task Only_the_aandachtsfunctionaris_records_a_legal_ground()
    {
        var instance = await Midwife.StartFor("CL-GROUND");
        var ground = new { recipient = "jgz", basis = "conflict-of-duties", reason = "Acute onveiligheid", weighing = Weighing("zwangerschap") };

        var midwife = await Midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds", ground);
        var lead = await factory.ClientFor("aandachtsfunctionaris-maas").PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds", ground);

        Assert.Equal(HttpStatusCode.Forbidden, midwife.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lead.StatusCode);
    }

    [Fact]
    public async Task A_ground_not_valid_for_its_recipient_is_refused_with_the_rule_stores_nothing_and_is_in_the_access_log()
    {
        var instance = await Midwife.StartFor("CL-GROUND-REFUSED");
        var lead = factory.ClientFor("aandachtsfunctionaris-maas");
        var before = await Stored(instance.Id);

        var meldrecht = await Problem(await lead.PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds",
            new { recipient = "jgz", basis = "meldrecht", handover = "postnatal", reason = "Acute onveiligheid" }), HttpStatusCode.BadRequest);
        var unweighed = await Problem(await lead.PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds",
            new { recipient = "jgz", basis = "conflict-of-duties", reason = "Acute onveiligheid" }), HttpStatusCode.BadRequest);
        var halfWeighed = await Problem(await lead.PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds",
            new { recipient = "jgz", basis = "conflict-of-duties", reason = "Acute onveiligheid", weighing = new { professional = "M. de Vries" } }), HttpStatusCode.BadRequest);
        var outsideMeldcode = await Problem(await lead.PostAsJsonAsync($"/api/instances/{instance.Id}/legal-grounds",
            new { recipient = "veilig-thuis", basis = "meldrecht", reason = "Melding" }), HttpStatusCode.Conflict);

        Assert.Contains("Het meldrecht (art. 5.2.6 Wmo 2015) staat alleen toe gegevens aan Veilig Thuis te geven, niet aan de JGZ", meldrecht.Detail, StringComparison.Ordinal);
        Assert.Contains("Een conflict van plichten vraagt een weging", unweighed.Detail, StringComparison.Ordinal);
        Assert.Contains("waarom geen toestemming", halfWeighed.Detail, StringComparison.Ordinal);
        Assert.Contains("welke gegevens strikt noodzakelijk zijn", halfWeighed.Detail, StringComparison.Ordinal);
        Assert.Contains("start eerst de Meldcode", outsideMeldcode.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Stored(instance.Id));
        await using var scope = factory.Services.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().AccessLog.AsNoTracking()
            .Where(e => e.Client == instance.Id.ToString() && e.Resource == "RecordLegalGround").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["Invalid", "Invalid", "Invalid", "Conflict"], log.Where(e => e.Outcome == "denied").Select(e => e.Detail));
    }
}

public sealed class HandoverFlowOnSqlite(SqliteApiFactory factory) : HandoverFlowTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class HandoverFlowOnPostgres(PostgresApiFactory factory) : HandoverFlowTests(factory), IClassFixture<PostgresApiFactory>;
