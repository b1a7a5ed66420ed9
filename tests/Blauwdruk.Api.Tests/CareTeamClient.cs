using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Blauwdruk.Api.Handovers;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Tasks;

namespace Blauwdruk.Api.Tests;

/// <summary>
/// What a member of the care team does through the API (an <see cref="HttpClient"/> from
/// <see cref="BlauwdrukApiFactory.ClientFor"/>), in the words of the care: start a client's pathway,
/// complete a step, raise a signal, identify her, show her the handover's preview, record her consent,
/// send it. Each call expects the API to agree and fails the test with the problem it answered
/// otherwise. A test about the request itself (validation, idempotency, a refusal) posts its own body.
/// </summary>
internal static class CareTeamClient
{
    /// <summary>
    /// Starts a client's pathway: without <paramref name="pathway"/> the operational pathway of her
    /// municipality's region (and its organisations on the care team), as a professional would.
    /// </summary>
    public static async Task<InstanceResponse> StartFor(
        this HttpClient professional, string client, string municipality = "GM0599", string? pathway = null,
        Dictionary<string, string>? careTeam = null, DateOnly? expectedDeliveryDate = null)
    {
        var response = await professional.PostAsJsonAsync("/api/instances",
            new { pathwayId = pathway, clientReference = client, municipality, careTeam, expectedDeliveryDate });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var instance = (await response.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.Equal($"/api/instances/{instance.Id}", response.Headers.Location?.OriginalString);
        return instance;
    }

    /// <summary>The one open task of a step, as this response shows it.</summary>
    public static TaskResponse OpenTask(this InstanceResponse instance, string step) => instance.OpenTasks.Single(t => t.StepId == step);

    /// <summary>Completes a task, with an outcome and the FHIR resources it produced (a screening's QuestionnaireResponse) when it has them.</summary>
    public static async Task<InstanceResponse> CompleteAsync(this HttpClient professional, TaskResponse task, string? outcome = null, params JsonNode[] resources) =>
        await Answer(await professional.PostAsJsonAsync($"/api/tasks/{task.Id}/complete",
            resources.Length == 0 ? new { outcome } : (object)new { outcome, resources }));

    /// <summary>Completes the open task of a step.</summary>
    public static Task<InstanceResponse> CompleteAsync(this HttpClient professional, InstanceResponse instance, string step, string? outcome = null, params JsonNode[] resources) =>
        professional.CompleteAsync(instance.OpenTask(step), outcome, resources);

    /// <summary>The kraamverzorgende's re-signalling in the kraamweek (no concerns); then the instance as the professional sees it.</summary>
    public static async Task<InstanceResponse> KraamweekSignalledAsync(this HttpClient professional, HttpClient kraamzorg, InstanceResponse instance)
    {
        await kraamzorg.CompleteAsync(instance, "POSTPARTUM_SIGNAL", "geen-zorgen");
        return (await professional.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!;
    }

    /// <summary>Raises a signal: <c>safety-concern</c>, <c>birth</c> (twins: <paramref name="newborns"/> 2), <c>pregnancy-ended</c>.</summary>
    public static async Task<InstanceResponse> RaiseAsync(this HttpClient professional, InstanceResponse instance, string signal, int? newborns = null) =>
        await Answer(await professional.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal, newborns }));

    /// <summary>Records the client's identity (a BSN that passes the eleven test).</summary>
    public static async Task<InstanceResponse> IdentifyAsync(this HttpClient professional, InstanceResponse instance, string bsn, string familyName = "Jansen", string givenName = "Fatima") =>
        await Answer(await professional.PutAsJsonAsync($"/api/instances/{instance.Id}/client",
            new { bsn, familyName, givenName, birthDate = new DateOnly(1996, 3, 12) }));

    /// <summary>Shows the client the handover as it would leave now.</summary>
    public static async Task<HandoverPreviewResponse> PreviewAsync(this HttpClient professional, TaskResponse handover)
    {
        var response = await professional.PostAsync($"/api/tasks/{handover.Id}/handover/preview", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<HandoverPreviewResponse>())!;
    }

    /// <summary>Records her consent to the handover (<c>prenatal</c>, <c>postnatal</c>) as the preview she saw showed it.</summary>
    public static async Task<InstanceResponse> ConsentAsync(this HttpClient professional, InstanceResponse instance, string handover, string previewVersion) =>
        await Answer(await professional.PostAsJsonAsync($"/api/instances/{instance.Id}/consents", new { handover, previewVersion }));

    /// <summary>Makes the handover available to the JGZ.</summary>
    public static async Task<InstanceResponse> SendHandoverAsync(this HttpClient professional, TaskResponse handover) =>
        await Answer(await professional.PostAsync($"/api/tasks/{handover.Id}/send", null));

    private static async Task<InstanceResponse> Answer(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<InstanceResponse>())!;
    }
}
