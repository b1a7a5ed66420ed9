using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Clients;
using Blauwdruk.Engine.Clients;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Composition = Hl7.Fhir.Model.Composition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Blauwdruk.Api.Tests.Clients;

/// <summary>
/// Her consent through her own API (<c>/api/me</c>): she reads the handover part by part, leaves a part out and
/// adds her words; what leaves honours it, her copy says what left, and who opened it is hers to see. A part the
/// region requires, an unknown part, a stale preview and another client's pathway change nothing. On both databases.
/// </summary>
public abstract class ClientConsentTests(BlauwdrukApiFactory factory)
{
    private static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101");
    private static readonly string[] CareTeam = ["zorgteam"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Born, her identity with this BSN recorded, the postnatal handover open; returns the journey and the handover task.</summary>
    private async Task<(ClientJourney Journey, Guid Handover)> BornAsync(string client)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), Midwife);
        await journey.StartAsync($"CL-EIGEN-{journey.InstanceId:N}", "GM0599", CancellationToken.None);
        var demo = DemoClients.Find(client)!;
        var handover = await journey.BornAsync(new ClientIdentity(demo.Bsn, "Eigen", "Cliënt", new DateOnly(1994, 1, 9)) { Phone = "06-11112222" }, CancellationToken.None);
        return (journey, handover);
    }

    private async Task<InstanceState> StateAsync(Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InstanceLoader>().ReadAsync(id, CancellationToken.None))!;
    }

    [Fact]
    public async Task She_leaves_a_part_out_adds_her_words_and_what_leaves_honours_it_and_her_copy_and_log_are_hers()
    {
        var (journey, handover) = await BornAsync("client-sanne");
        var her = factory.ClientForPerson("client-sanne");
        var path = $"/api/me/pathways/{journey.InstanceId}/handovers/postnatal";

        var choice = await her.GetFromJsonAsync<ClientHandoverChoice>(path, Json);
        Assert.Contains(choice!.Sections, s => s.Part == "geboorte" && s.Lines.Count > 0);
        Assert.Contains(choice.Sections, s => s.Part == "contact" && s.Required);
        Assert.DoesNotContain(choice.Sections, s => s.Part == ClientPortal.HiddenPart);
        Assert.True(choice.ForChild);
        Assert.False(choice.MotherMinor);

        // Refused, and nothing recorded: a required part, an unknown part, a preview she did not read.
        foreach (var (body, status) in new (object Body, HttpStatusCode Status)[]
        {
            (new { version = choice.Version, leftOut = new[] { "contact" } }, HttpStatusCode.BadRequest),
            (new { version = choice.Version, leftOut = new[] { "geheim" } }, HttpStatusCode.BadRequest),
            (new { version = "0000000000000000", leftOut = Array.Empty<string>() }, HttpStatusCode.Conflict),
        })
        {
            var refused = await her.PostAsJsonAsync($"{path}/consent", body);
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.DoesNotContain((await StateAsync(journey.InstanceId)).Grants, g => g.Kind == Engine.Pathways.HandoverKind.Postnatal);

        var consented = await her.PostAsJsonAsync($"{path}/consent", new { version = choice.Version, leftOut = CareTeam, ownWords = "Mijn moeder woont bij ons in." });
        Assert.Equal(HttpStatusCode.NoContent, consented.StatusCode);
        var grant = (await StateAsync(journey.InstanceId)).Grants.Single(g => g.Kind == Engine.Pathways.HandoverKind.Postnatal);
        Assert.True(grant.ByClient);
        Assert.Equal(["zorgteam", ClientPortal.HiddenPart], grant.LeftOut);
        Assert.Equal(ConsentCapacity.Mother, grant.ChildConsent?.Capacity);

        // Another client cannot read or consent for her.
        var other = factory.ClientForPerson("client-yasmina");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{path}/consent", new { version = choice.Version })).StatusCode);

        // The midwife sends: the JGZ's document lacks the care team and carries her words, marked as hers.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var send = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteAsync(journey.InstanceId, new SendHandover(handover) { By = Midwife }, CancellationToken.None);
            Assert.Null(send.Rejection);
            var row = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().HandoverDocuments.AsNoTracking().SingleAsync(h => h.InstanceId == journey.InstanceId);
            var composition = (Composition)scope.ServiceProvider.GetRequiredService<HandoverStore>().Open(row).Entry[0].Resource!;
            var codes = composition.Section.Select(s => s.Code?.Text).ToList();
            Assert.DoesNotContain(HandoverDocument.CareTeamSection, codes);
            Assert.Contains(HandoverDocument.BirthSection, codes);
            var own = composition.Section.Single(s => s.Code?.Text == HandoverDocument.OwnWordsSection);
            Assert.Contains("Mijn moeder woont bij ons in.", own.Text!.Div, StringComparison.Ordinal);
            Assert.Equal(composition.Section.Single(s => s.Code?.Text == HandoverDocument.ClientSection).Entry.Last().Reference, Assert.Single(own.Author).Reference);
        }

        // Her copy, and her overview: sent, not yet opened; the JGZ's read shows up once it reads.
        var copy = await her.GetAsync($"{path}/copy");
        Assert.Equal("application/pdf", copy.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfDocument.Open(await copy.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains("Mijn moeder woont bij ons in.", string.Join("\n", pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        }

        var jgz = factory.ClientFor("jgz-rijnmond");
        var bundles = await jgz.GetStringAsync("/fhir/Bundle");
        var bundleId = JsonDocument.Parse(bundles).RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await jgz.GetAsync($"/fhir/Bundle/{bundleId}")).StatusCode);

        var overview = await her.GetFromJsonAsync<MyPathwaysResponse>("/api/me", Json);
        var sent = overview!.Pathways.Single(p => p.Id == journey.InstanceId).Handovers.Single(h => h.Kind == Engine.Pathways.HandoverKind.Postnatal);
        Assert.Equal(ClientHandoverStage.Sent, sent.Stage);
        Assert.NotNull(Assert.Single(sent.Receipts).RetrievedAt);
        var readers = await her.GetFromJsonAsync<List<ClientReader>>($"/api/me/pathways/{journey.InstanceId}/access-log", Json);
        Assert.Contains(readers!, r => r.Organisation.StartsWith("JGZ Rotterdam-Zuid", StringComparison.Ordinal) && r.What == "uw overdracht bekeken");
        Assert.Contains(readers!, r => r.Organisation == "U zelf");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/me/pathways/{journey.InstanceId}/access-log")).StatusCode);
    }

    [Fact]
    public async Task She_refuses_the_handover_withdraws_and_asks_for_a_correction_which_opens_a_task_for_her_midwife()
    {
        var (journey, handover) = await BornAsync("client-ilse");
        var her = factory.ClientForPerson("client-ilse");
        var path = $"/api/me/pathways/{journey.InstanceId}/handovers/postnatal";

        Assert.Equal(HttpStatusCode.NoContent, (await her.PostAsync($"{path}/refuse", null)).StatusCode);
        Assert.True((await StateAsync(journey.InstanceId)).Refuses(Engine.Pathways.HandoverKind.Postnatal));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var send = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteAsync(journey.InstanceId, new SendHandover(handover) { By = Midwife }, CancellationToken.None);
            Assert.StartsWith("De cliënt wil de postnatale overdracht aan de JGZ niet.", send.Rejection?.Message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await her.PostAsync($"{path}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await her.PostAsJsonAsync($"/api/me/pathways/{journey.InstanceId}/corrections", new { message = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await her.PostAsJsonAsync($"/api/me/pathways/{journey.InstanceId}/corrections", new { message = "Mijn telefoonnummer is veranderd." })).StatusCode);

        var correction = Assert.Single((await StateAsync(journey.InstanceId)).OpenTasks, t => t.StepId == RequestCorrection.Step);
        Assert.Equal(("verloskundige", "ura:90000101"), (correction.Role, correction.OrganisationId));
        var worklist = await factory.ClientFor("verloskundige-maas").GetStringAsync($"/api/tasks?instance={journey.InstanceId}");
        Assert.Contains(correction.Id.ToString(), worklist, StringComparison.Ordinal);
    }
}

public sealed class ClientConsentOnSqlite(SqliteApiFactory factory) : ClientConsentTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class ClientConsentOnPostgres(PostgresApiFactory factory) : ClientConsentTests(factory), IClassFixture<PostgresApiFactory>;
