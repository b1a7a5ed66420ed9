using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Blauwdruk.Tests.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>
/// The authorisation matrix: every endpoint × every demo user (and a client signed in as herself) × their
/// own region's client (or pathway) and the other region's, against the status the rules give, from one
/// table. An endpoint the host maps without a row here fails <see cref="Every_endpoint_has_a_row_in_the_matrix"/>.
/// </summary>
/// <remarks>
/// Each case gets fresh clients in both regions (built through the engine as their midwife would), so a
/// change made by one case never decides another's answer. A cell is <c>own/other</c>, or one status
/// for both; <c>200:n</c> also counts the items a list returns (a JSON array, or a FHIR searchset's total):
/// lists must filter, not refuse. The first column is a request without a token.
/// </remarks>
public sealed class AuthorizationMatrixTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    /// <summary>What a case needs to exist, in both regions, before the request.</summary>
    public enum Needs
    {
        Nothing,

        /// <summary>A client at the intake; its INTAKE task open.</summary>
        Intake,

        /// <summary>A client after the birth, identified, the postnatal handover open and its preview shown.</summary>
        Previewed,

        /// <summary>As <see cref="Previewed"/>, with her consent to that preview.</summary>
        Consented,

        /// <summary>As <see cref="Consented"/>, the handover sent to the JGZ of the municipality.</summary>
        Sent,

        /// <summary>A draft version of the region's operational pathway.</summary>
        Draft,
    }

    /// <summary>One region's resources for a case.</summary>
    public sealed record Side(string Region, string Municipality, Guid Instance, Guid Task, string? PreviewVersion, Guid? Document, string? Draft, string Since);

    private sealed record Rule(string Method, string Route, Needs Needs, Func<Side, string> Path, Func<Side, HttpContent?>? Body, string Expected)
    {
        public string Key => $"{Method} {Route}";
    }

    // Columns: no token (anon), then the demo users in the order of DemoUsers.All. Rijnmond-Zuid: verloskundige-maas (vk),
    // gynaecoloog-zuid (gyn), aandachtsfunctionaris-maas (af), kraamverzorgende-rijnmond (kraam), jgz-rijnmond (jgz),
    // coordinator-rijnmond (coord), zorgcoordinator-rijnmond (zc); Drechtsteden: verloskundige-merwede (vk-ds),
    // jgz-drechtsteden (jgz-ds), coordinator-drechtsteden (crd-ds); beheerder-standaard (beheer; landelijk, so "own" is
    // Rijnmond-Zuid, which is not theirs either); the functional administrators beheerder-maas (fb; De Maas) and
    // beheerder-jgz-rijnmond (fb-jgz; JGZ Rotterdam-Zuid). Last a demo client signed in as herself (client-yasmina, as with DigiD):
    // the professionals' API and FHIR refuse her (403) before any handler runs.
    private static readonly Rule[] Matrix =
    [
        // Public: liveness, readiness, metrics (no client data), the OpenAPI document and its UI, the FHIR CapabilityStatement.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/health/live", Needs.Nothing, _ => "/health/live", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/health/ready", Needs.Nothing, _ => "/health/ready", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/metrics", Needs.Nothing, _ => "/metrics", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/openapi/{documentName}.json", Needs.Nothing, _ => "/openapi/v1.json", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/scalar/{documentName?}", Needs.Nothing, _ => "/scalar/", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/scalar/scalar.js", Needs.Nothing, _ => "/scalar/scalar.js", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/scalar/scalar.aspnetcore.js", Needs.Nothing, _ => "/scalar/scalar.aspnetcore.js", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/scalar/favicon.svg", Needs.Nothing, _ => "/scalar/favicon.svg", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("GET", "/fhir/metadata", Needs.Nothing, _ => "/fhir/metadata", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),

        // The web app's login (Development: the demo page); a form that did not come from that page is refused.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/login", Needs.Nothing, _ => "/login", null,
            "200     200     200     200     200     200     200     200     200     200     200     200     200     200     200"),
        new("POST", "/login", Needs.Nothing, _ => "/login", _ => Form(("user", "verloskundige-maas")),
            "400     400     400     400     400     400     400     400     400     400     400     400     400     400     400"),
        new("POST", "/logout", Needs.Nothing, _ => "/logout", null,
            "400     400     400     400     400     400     400     400     400     400     400     400     400     400     400"),

        // Instances: the care team's professionals, by role; the coordinators of the same VSV and the other region see nothing.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("POST", "/api/instances/", Needs.Nothing, s => "/api/instances", s => Json(new { clientReference = $"MATRIX-{Guid.NewGuid():N}", municipality = s.Municipality }),
            "401     201     201     403     403     403     403     403     201     403     403     403     403     403     403"),
        new("GET", "/api/instances/{id:guid}", Needs.Intake, s => $"/api/instances/{s.Instance}", null,
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("GET", "/api/instances/{id:guid}/journal", Needs.Intake, s => $"/api/instances/{s.Instance}/journal", null,
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("GET", "/api/instances/{id:guid}/access-log", Needs.Intake, s => $"/api/instances/{s.Instance}/access-log", null,
            "401     200/404 403/404 200/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/instances/{id:guid}/signals", Needs.Intake, s => $"/api/instances/{s.Instance}/signals", _ => Json(new { signal = "safety-concern" }),
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/instances/{id:guid}/birth-correction", Needs.Previewed, s => $"/api/instances/{s.Instance}/birth-correction", _ => Json(new { newborns = 2, reason = "Een tweeling" }),
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("PUT", "/api/instances/{id:guid}/dates", Needs.Intake, s => $"/api/instances/{s.Instance}/dates", _ => Json(new { expectedDeliveryDate = "2027-06-01" }),
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/instances/{id:guid}/close", Needs.Intake, s => $"/api/instances/{s.Instance}/close", _ => Json(new { reason = "Verhuisd buiten de regio" }),
            "401     200/404 403/404 403/404 403/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("PUT", "/api/instances/{id:guid}/client", Needs.Intake, s => $"/api/instances/{s.Instance}/client", _ => Json(new { bsn = NewBsn(), familyName = "Matrix", givenName = "Test", birthDate = "1994-02-03" }),
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/instances/{id:guid}/consents", Needs.Previewed, s => $"/api/instances/{s.Instance}/consents", s => Json(new { handover = "postnatal", previewVersion = s.PreviewVersion }),
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("DELETE", "/api/instances/{id:guid}/consents/{handover:regex(^(prenatal|postnatal)$)}", Needs.Consented, s => $"/api/instances/{s.Instance}/consents/postnatal", null,
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/instances/{id:guid}/legal-grounds", Needs.Intake, s => $"/api/instances/{s.Instance}/legal-grounds", _ => Json(new
        {
            recipient = "jgz", basis = "conflict-of-duties", reason = "Acute onveiligheid van het kind",
            weighing = new { professional = "verloskundige M. de Vries", whyNoConsent = "Toestemming vragen brengt de cliënt in gevaar.", data = new[] { "zwangerschap" }, until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30) },
        }),
            "401     403/404 403/404 200/404 403/404 404     404     403/404 403/404 404     404     404     404     404     403"),

        // Tasks: the worklist shows the organisation's tasks; a task is done by its role and organisation.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/api/tasks/", Needs.Intake, s => $"/api/tasks?instance={s.Instance}", null,
            "401     200:1/200:0 200:0 200:1/200:0 200:0 200:0   200:0   200:0   200:1/200:0 200:0 200:0   200:0   200:0   200:0     403"),
        new("POST", "/api/tasks/{id:guid}/claim", Needs.Intake, s => $"/api/tasks/{s.Task}/claim", null,
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/complete", Needs.Intake, s => $"/api/tasks/{s.Task}/complete", _ => Json(new { }),
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/status", Needs.Intake, s => $"/api/tasks/{s.Task}/status", _ => Json(new { status = "in-progress" }),
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/assign", Needs.Intake, s => $"/api/tasks/{s.Task}/assign", _ => Json(new { userId = "collega-1" }),
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/cancel", Needs.Intake, s => $"/api/tasks/{s.Task}/cancel", _ => Json(new { reason = "Zwangerschap elders begeleid" }),
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/handover/preview", Needs.Previewed, s => $"/api/tasks/{s.Task}/handover/preview", null,
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("GET", "/api/tasks/{id:guid}/handover/preview.html", Needs.Previewed, s => $"/api/tasks/{s.Task}/handover/preview.html", null,
            "401     200/404 200/404 200/404 200/404 404     404     200/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/send", Needs.Consented, s => $"/api/tasks/{s.Task}/send", null,
            "401     200/404 403/404 403/404 403/404 404     404     403/404 200/404 404     404     404     404     404     403"),
        new("POST", "/api/tasks/{id:guid}/acknowledge", Needs.Sent, s => $"/api/tasks/{s.Task}/acknowledge", _ => Json(new { }),
            "401     403/404 403/404 403/404 403/404 200/404 404     403/404 403/404 200/404 404     404     404     404     403"),

        // The client's own part: a client signed in as herself (DigiD) sees the pathways her BSN matches (here none); professionals are refused.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/api/me/", Needs.Nothing, _ => "/api/me", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     200:0"),
        // Her pathway, her handover, her consent: another client's (these are not hers) is "not found", a professional is refused.
        new("GET", "/api/me/pathways/{id:guid}/handovers/{handover}", Needs.Previewed, s => $"/api/me/pathways/{s.Instance}/handovers/postnatal", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("POST", "/api/me/pathways/{id:guid}/handovers/{handover}/consent", Needs.Previewed, s => $"/api/me/pathways/{s.Instance}/handovers/postnatal/consent", s => Json(new { version = s.PreviewVersion }),
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("POST", "/api/me/pathways/{id:guid}/handovers/{handover}/refuse", Needs.Previewed, s => $"/api/me/pathways/{s.Instance}/handovers/postnatal/refuse", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("POST", "/api/me/pathways/{id:guid}/handovers/{handover}/withdraw", Needs.Consented, s => $"/api/me/pathways/{s.Instance}/handovers/postnatal/withdraw", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("GET", "/api/me/pathways/{id:guid}/handovers/{handover}/copy", Needs.Sent, s => $"/api/me/pathways/{s.Instance}/handovers/postnatal/copy", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("GET", "/api/me/pathways/{id:guid}/access-log", Needs.Intake, s => $"/api/me/pathways/{s.Instance}/access-log", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),
        new("POST", "/api/me/pathways/{id:guid}/corrections", Needs.Intake, s => $"/api/me/pathways/{s.Instance}/corrections", _ => Json(new { message = "Mijn adres klopt niet." }),
            "401     403     403     403     403     403     403     403     403     403     403     403     403     403     404"),

        // Pathways: readable by every signed-in professional (no client data); a region's coordinator changes only that region's.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/api/pathways/", Needs.Nothing, _ => "/api/pathways", null,
            "401     200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   200:3   403"),
        new("GET", "/api/pathways/{id}/versions/{version}", Needs.Nothing, s => $"/api/pathways/{s.Region}/versions/{(s.Region == "rijnmond-zuid" ? "1.4.0" : "1.3.0")}", null,
            "401     200     200     200     200     200     200     200     200     200     200     200     200     200     403"),
        new("GET", "/api/pathways/{id}/versions/{version}/impact", Needs.Nothing, _ => "/api/pathways/blauwdruk/versions/1.3.0/impact", null,
            "401     200     200     200     200     200     200     200     200     200     200     200     200     200     403"),
        new("POST", "/api/pathways/regions/{region}/drafts", Needs.Nothing, s => $"/api/pathways/regions/{s.Region}/drafts", s => Overlay(s.Region),
            "401     403     403     403     403     403     201/403 403     403     403     201/403 403     403     403     403"),
        new("POST", "/api/pathways/{id}/versions/{version}/publish", Needs.Draft, s => $"/api/pathways/{s.Region}/versions/{s.Draft}/publish", null,
            "401     403     403     403     403     403     200/403 403     403     403     200/403 403     403     403     403"),

        // Notifications: each professional her own bell and e-mail choice; webhooks and deliveries for her organisation's functional administrator only.
        new("GET", "/api/notifications/", Needs.Nothing, _ => "/api/notifications", null,
            "401     200:0   200:0   200:0   200:0   200:20  200:0   200:0   200:0   200:20  200:0   200:0   200:0   200:0   403"),
        new("POST", "/api/notifications/read", Needs.Nothing, _ => "/api/notifications/read", _ => Json(new { ids = Array.Empty<Guid>() }),
            "401     204     204     204     204     204     204     204     204     204     204     204     204     204     403"),
        new("GET", "/api/notifications/preferences", Needs.Nothing, _ => "/api/notifications/preferences", null,
            "401     200     200     200     200     200     200     200     200     200     200     200     200     200     403"),
        new("PUT", "/api/notifications/preferences", Needs.Nothing, _ => "/api/notifications/preferences", _ => Json(new { email = "naam@praktijk.example", types = new[] { "task-reminder" } }),
            "401     200     200     200     200     200     200     200     200     200     200     200     200     200     403"),
        new("GET", "/api/notifications/webhooks", Needs.Nothing, _ => "/api/notifications/webhooks", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     200:0   200:0   403"),
        new("POST", "/api/notifications/webhooks", Needs.Nothing, _ => "/api/notifications/webhooks", _ => Json(new { url = "https://praktijk.example/hook" }),
            "401     403     403     403     403     403     403     403     403     403     403     403     201     201     403"),
        new("DELETE", "/api/notifications/webhooks/{id:guid}", Needs.Nothing, _ => $"/api/notifications/webhooks/{Guid.Empty}", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     404     404     403"),
        new("GET", "/api/notifications/deliveries", Needs.Nothing, _ => "/api/notifications/deliveries", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     200:0   200:0   403"),
        new("POST", "/api/notifications/deliveries/{id:guid}/retry", Needs.Nothing, _ => $"/api/notifications/deliveries/{Guid.Empty}/retry", null,
            "401     403     403     403     403     403     403     403     403     403     403     403     404     404     403"),

        // FHIR facade: documents only for the JGZ they are addressed to; tasks and care plans for the care team.
           //anon    vk      gyn     af      kraam   jgz     coord   zc      vk-ds   jgz-ds  crd-ds  beheer  fb      fb-jgz  client
        new("GET", "/fhir/Bundle", Needs.Sent, s => $"/fhir/Bundle?_lastUpdated=ge{s.Since}", null,
            "401     200:0   200:0   200:0   200:0   200:1   403     200:0   200:0   200:1   403     403     403     403     403"),
        new("GET", "/fhir/Bundle/{id}", Needs.Sent, s => $"/fhir/Bundle/{s.Document}", null,
            "401     404     404     404     404     200/404 403     404     404     200/404 403     403     403     403     403"),
        new("GET", "/fhir/Composition", Needs.Sent, s => $"/fhir/Composition?_lastUpdated=ge{s.Since}", null,
            "401     200:0   200:0   200:0   200:0   200:1   403     200:0   200:0   200:1   403     403     403     403     403"),
        new("GET", "/fhir/Composition/{id}", Needs.Sent, s => $"/fhir/Composition/{s.Document}", null,
            "401     404     404     404     404     200/404 403     404     404     200/404 403     403     403     403     403"),
        new("GET", "/fhir/Task", Needs.Intake, s => $"/fhir/Task?_lastUpdated=ge{s.Since}", null,
            "401     200:1   200:0   200:1   200:0   200:0   403     200:0   200:1   200:0   403     403     403     403     403"),
        new("GET", "/fhir/Task/{id}", Needs.Intake, s => $"/fhir/Task/{s.Task}", null,
            "401     200/404 404     200/404 404     404     403     404     200/404 404     403     403     403     403     403"),
        new("PUT", "/fhir/Task/{id}", Needs.Sent, s => $"/fhir/Task/{s.Task}", s => FhirTask(s.Task),
            "401     403/404 404     403/404 404     200/404 403     404     403/404 200/404 403     403     403     403     403"),
        new("GET", "/fhir/CarePlan", Needs.Intake, s => $"/fhir/CarePlan?_lastUpdated=ge{s.Since}", null,
            "401     200:1   200:0   200:1   200:0   200:0   403     200:0   200:1   200:0   403     403     403     403     403"),
        new("GET", "/fhir/CarePlan/{id}", Needs.Intake, s => $"/fhir/CarePlan/{s.Instance}", null,
            "401     200/404 200/404 200/404 200/404 404     403     200/404 200/404 404     403     403     403     403     403"),
        new("GET", "/fhir/PlanDefinition", Needs.Nothing, _ => "/fhir/PlanDefinition", null,
            "401     200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   200:6   403"),
        new("GET", "/fhir/PlanDefinition/{id}", Needs.Nothing, _ => "/fhir/PlanDefinition/blauwdruk-1-3-0", null,
            "401     200     200     200     200     200     200     200     200     200     200     200     200     200     403"),
    ];

    /// <summary>An endpoint that answers every method (the health checks) is asked with GET.</summary>
    private static readonly string[] AnyMethod = ["GET"];

    public static TheoryData<string> Rules => new(Matrix.Select(r => r.Key));

    [Fact]
    public void Every_endpoint_has_a_row_in_the_matrix()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !IsWebApp(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? AnyMethod).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct()
            .ToList();
        var missing = mapped.Except(Matrix.Select(r => r.Key)).Order().ToList();
        var stale = Matrix.Select(r => r.Key).Except(mapped).Order().ToList();

        Assert.True(missing.Count == 0, $"Endpoints without a row in the authorisation matrix: {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"Rows for endpoints the host no longer maps: {string.Join(", ", stale)}");
        Assert.Equal(Matrix.Length, Matrix.Select(r => r.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_user_gets_what_the_rules_give(string key)
    {
        var rule = Matrix.Single(r => r.Key == key);
        var actual = new List<string>();

        // Without a token: public endpoints answer, every other one asks for a login.
        var (anonymousOwn, _) = await WorldAsync(rule.Needs, DemoUsers.All[0]);
        actual.Add(await CellAsync(factory.CreateClient(), rule, anonymousOwn, anonymousOwn));

        foreach (var user in DemoUsers.All)
        {
            var (own, other) = await WorldAsync(rule.Needs, user);
            actual.Add(await CellAsync(Client(user), rule, own, other));
        }

        var (herOwn, herOther) = await WorldAsync(rule.Needs, DemoUsers.All[0]);
        actual.Add(await CellAsync(SignedInClient, rule, herOwn, herOther));

        var expected = rule.Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var columns = DemoUsers.All.Select(u => u.Id).Prepend("anoniem").Append(DemoClients.All[0].Id).ToList();
        var wrong = columns.Select((column, i) => (column, expected: i < expected.Length ? expected[i] : "?", actual: actual[i]))
            .Where(c => c.expected != c.actual)
            .Select(c => $"{c.column}: expected {c.expected}, got {c.actual}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{key}\n{string.Join("\n", wrong)}\nActual row: \"{string.Join(' ', actual)}\"");
    }

    /// <summary>The cell for one user: <c>own/other</c>, or one value when both answers are the same.</summary>
    private async Task<string> CellAsync(HttpClient client, Rule rule, Side own, Side other)
    {
        var mine = await AnswerAsync(client, rule, own);
        var theirs = await AnswerAsync(client, rule, other);
        return mine == theirs ? mine : $"{mine}/{theirs}";
    }

    private async Task<string> AnswerAsync(HttpClient client, Rule rule, Side side)
    {
        var before = rule.Method == "GET" ? await JournalByTypeAsync() : null;
        using var request = new HttpRequestMessage(new HttpMethod(rule.Method), rule.Path(side)) { Content = rule.Body?.Invoke(side) };
        using var response = await client.SendAsync(request);
        if (before is not null)
        {
            // A GET changes nothing; the one record a read leaves is the recipient's receipt of a handover document.
            var written = (await JournalByTypeAsync()).Where(t => t.Value != before.GetValueOrDefault(t.Key)).Select(t => t.Key).ToList();
            var allowed = rule.Route == "/fhir/Bundle/{id}" ? new[] { nameof(HandoverRetrieved) } : [];
            Assert.True(written.All(allowed.Contains), $"GET {rule.Route} wrote events: {string.Join(", ", written)}");
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!response.IsSuccessStatusCode || rule.Method != "GET" || !IsList(rule))
        {
            return status;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var count = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.GetArrayLength()
            : json.RootElement.TryGetProperty("pathways", out var pathways) ? pathways.GetArrayLength()
            : json.RootElement.TryGetProperty("items", out var items) ? items.GetArrayLength()
            : json.RootElement.TryGetProperty("deliveries", out var deliveries) ? deliveries.GetArrayLength()
            : json.RootElement.GetProperty("total").GetInt32();
        return $"{status}:{count}";
    }

    private async Task<Dictionary<string, int>> JournalByTypeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Journal.AsNoTracking()
            .GroupBy(e => e.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    private static bool IsList(Rule rule) => !rule.Route.Contains('{', StringComparison.Ordinal) && (rule.Route.StartsWith("/api/", StringComparison.Ordinal) || rule.Route.StartsWith("/fhir/", StringComparison.Ordinal)) && rule.Route is not ("/fhir/metadata" or "/api/notifications/preferences");

    /// <summary>The Blazor pages and their static files, covered by the web app's own tests.</summary>
    private static bool IsWebApp(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName is "Microsoft.AspNetCore.Components.ComponentTypeMetadata" or "Microsoft.AspNetCore.Components.Endpoints.RootComponentMetadata"
            or "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor" || m.GetType().Name.StartsWith("StaticAsset", StringComparison.Ordinal))
        || endpoint.RoutePattern.RawText is { } route && (route.StartsWith("/_", StringComparison.Ordinal) || route == "{**path:file}"
            // Her copy for her web page, behind her login cookie: the browser tests (ClientPageTests) hold it to the same rules as /api/me.
            || route.StartsWith("/mijn/", StringComparison.Ordinal));

    private readonly Dictionary<string, HttpClient> _clients = [];

    private HttpClient SignedInClient => _signedInClient ??= factory.ClientForPerson(DemoClients.All[0].Id);

    private HttpClient? _signedInClient;

    private HttpClient Client(DemoUser user)
    {
        if (!_clients.TryGetValue(user.Id, out var client))
        {
            client = factory.ClientFor(user.Id);
            _clients[user.Id] = client;
        }

        return client;
    }

    private static readonly (string Region, string Municipality, string Midwife, string Coordinator)[] Regions =
    [
        (DemoUsers.RegionRijnmond, "GM0599", "verloskundige-maas", "coordinator-rijnmond"),
        (DemoUsers.RegionDrechtsteden, "GM0505", "verloskundige-merwede", "coordinator-drechtsteden"),
    ];

    /// <summary>Fresh resources in the user's own region and in the other one.</summary>
    private async Task<(Side Own, Side Other)> WorldAsync(Needs needs, DemoUser user)
    {
        // Later than everything made before, so searches filtered on _lastUpdated see only this case's clients.
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var since = factory.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var sides = new List<Side>();
        foreach (var region in Regions)
        {
            sides.Add(await SideAsync(needs, region, since));
        }

        return user.Region == DemoUsers.RegionDrechtsteden ? (sides[1], sides[0]) : (sides[0], sides[1]);
    }

    private async Task<Side> SideAsync(Needs needs, (string Region, string Municipality, string Midwife, string Coordinator) region, string since)
    {
        var side = new Side(region.Region, region.Municipality, Guid.Empty, Guid.Empty, null, null, null, since);
        if (needs == Needs.Nothing)
        {
            return side;
        }

        await using var scope = factory.Services.CreateAsyncScope();
        if (needs == Needs.Draft)
        {
            var coordinator = DemoUsers.Find(region.Coordinator)!;
            var saved = await scope.ServiceProvider.GetRequiredService<PathwayVersions>()
                .SaveDraftAsync(region.Region, OverlayText(region.Region), new Actor(coordinator.Id, [coordinator.Role], coordinator.OrganisationId) { Region = coordinator.Region }, CancellationToken.None);
            return side with { Draft = saved.Record?.Version ?? throw new InvalidOperationException(saved.Refusal?.Message) };
        }

        var midwife = DemoUsers.Find(region.Midwife)!;
        var journey = new ClientJourney(scope.ServiceProvider.GetRequiredService<InstanceRunner>(), scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), Guid.CreateVersion7(), new Actor(midwife.Id, [midwife.Role], midwife.OrganisationId));
        await journey.StartAsync($"MATRIX-{journey.InstanceId:N}", region.Municipality, CancellationToken.None);
        side = side with { Instance = journey.InstanceId, Task = journey.Open("INTAKE") };
        if (needs == Needs.Intake)
        {
            return side;
        }

        var handover = await journey.BornAsync(new ClientIdentity(NewBsn(), "Matrix", "Cliënt", new DateOnly(1994, 2, 3)), CancellationToken.None);
        side = side with { Task = handover, PreviewVersion = await journey.PreviewAsync(handover, CancellationToken.None) };
        if (needs == Needs.Previewed)
        {
            return side;
        }

        await journey.ConsentAsync(side.PreviewVersion, CancellationToken.None);
        if (needs == Needs.Consented)
        {
            return side;
        }

        await journey.SendAsync(handover, CancellationToken.None);
        var document = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().HandoverDocuments.AsNoTracking()
            .Where(h => h.TaskId == handover).Select(h => h.Id).FirstAsync();
        return side with { Document = document };
    }

    private static int _drafts;

    /// <summary>The region's own overlay file as a new version, as its coordinator would save it.</summary>
    private static string OverlayText(string region)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "pathways", "regio", $"{region}.yaml"));
        return System.Text.RegularExpressions.Regex.Replace(text, "^version: .*$", $"version: 1.1.{Interlocked.Increment(ref _drafts)}", System.Text.RegularExpressions.RegexOptions.Multiline);
    }

    private static StringContent Overlay(string region) => new(OverlayText(region), Encoding.UTF8, "application/yaml");

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private static StringContent FhirTask(Guid id) =>
        new($$"""{"resourceType":"Task","id":"{{id}}","status":"completed","intent":"order"}""", Encoding.UTF8, "application/fhir+json");

    private static int _bsn = 10_000_000;

    /// <summary>A BSN that passes the eleven test, a new one each time.</summary>
    private static string NewBsn()
    {
        while (true)
        {
            var stem = Interlocked.Increment(ref _bsn).ToString("D8", CultureInfo.InvariantCulture);
            var sum = stem.Select((c, i) => (c - '0') * (9 - i)).Sum();
            var check = sum % 11;
            if (check < 10)
            {
                return stem + check.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
