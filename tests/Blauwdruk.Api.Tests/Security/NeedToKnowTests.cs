using System.Net.Http.Json;
using Blauwdruk.Api.Instances;

namespace Blauwdruk.Api.Tests.Security;

/// <summary>The Meldcode route is seen by the organisation that raised the concern and by an aandachtsfunctionaris, not by the rest of the care team.</summary>
public sealed class NeedToKnowTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task The_rest_of_the_care_team_sees_the_pathway_but_not_the_meldcode_route()
    {
        var midwife = factory.ClientFor("verloskundige-maas");
        var instance = await midwife.StartFor("CL-NEED-TO-KNOW", pathway: "blauwdruk", careTeam: new() { ["gynaecoloog"] = "ura:90000102" });
        var raised = await midwife.PostAsJsonAsync($"/api/instances/{instance.Id}/signals", new { signal = "safety-concern" });
        Assert.True(raised.IsSuccessStatusCode);

        async Task<(InstanceResponse Instance, string Journal)> Seen(string user)
        {
            var client = factory.ClientFor(user);
            return ((await client.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance.Id}"))!, await client.GetStringAsync($"/api/instances/{instance.Id}/journal"));
        }

        var raiser = await Seen("verloskundige-maas");
        var lead = await Seen("aandachtsfunctionaris-maas");
        var hospital = await Seen("gynaecoloog-zuid");

        Assert.Contains(raiser.Instance.OpenTasks, t => t.StepId == "VT_SIGNALS");
        Assert.Contains(lead.Instance.OpenTasks, t => t.StepId == "VT_SIGNALS");
        Assert.Contains(raiser.Instance.Timeline!, e => e.Text.StartsWith("signaal: ", StringComparison.Ordinal));
        Assert.Contains("\"SignalRaised\"", raiser.Journal, StringComparison.Ordinal);

        Assert.Contains(hospital.Instance.OpenTasks, t => t.StepId == "INTAKE");
        Assert.DoesNotContain(hospital.Instance.OpenTasks, t => t.StepId.StartsWith("VT_", StringComparison.Ordinal));
        Assert.DoesNotContain(hospital.Instance.Timeline!, e => e.Text.Contains("signaal", StringComparison.Ordinal) || e.Text.Contains("Meldcode", StringComparison.Ordinal));
        Assert.DoesNotContain("SignalRaised", hospital.Journal, StringComparison.Ordinal);
        Assert.DoesNotContain("VT_", hospital.Journal, StringComparison.Ordinal);
    }
}
