using Blauwdruk.Engine.Handover;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Api.Development;

/// <summary>
/// On the first start of an empty database in Development: a few made-up clients at different points
/// of the pathway, in both demo regions, so a newcomer sees something real at once.
/// Turned off with <c>Seed:DemoData=false</c>.
/// </summary>
internal static class DemoSeed
{
    /// <param name="Completed">The tasks completed so far, in order, as <c>STEP</c> or <c>STEP:outcome</c>.</param>
    private sealed record DemoClient(string Reference, string Municipality, string MidwifeId, string[] Completed, Dictionary<string, string> CareTeam);

    private static readonly DemoClient[] Clients =
    [
        new("DEMO-RZ-001", "GM0599", "verloskundige-maas", [], []),
        new("DEMO-RZ-002", "GM0599", "verloskundige-maas", ["INTAKE", "ID_BSN"], []),
        new("DEMO-RZ-003", "GM0599", "verloskundige-maas",
            ["INTAKE", "ID_BSN", "SCREEN_PPS:niet-afgenomen", "RESCREEN:nieuwe-zorg", "DISCUSS:accepteert-hulp"],
            new() { ["gynaecoloog"] = "ura:90000102", ["kraamverzorgende"] = "ura:90000104", ["jgz-verpleegkundige"] = "ura:90000103" }),
        new("DEMO-DS-001", "GM0505", "verloskundige-merwede", ["INTAKE"], []),
        new("DEMO-DS-002", "GM0642", "verloskundige-merwede", ["INTAKE", "ID_BSN", "SCREEN_PPS:niet-afgenomen", "RESCREEN:geen-zorgen"], []),
    ];

    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        if (await db.Instances.AnyAsync(cancellationToken))
        {
            return;
        }

        var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
        foreach (var client in Clients)
        {
            var midwife = DemoUsers.Find(client.MidwifeId)!;
            var actor = new Actor(midwife.Id, [midwife.Role], midwife.OrganisationId);
            var started = await runner.StartAsync(
                "blauwdruk",
                new StartInstance(Guid.CreateVersion7(), client.Reference, client.Municipality, client.CareTeam) { By = actor },
                cancellationToken);
            var state = started.State ?? throw new InvalidOperationException($"Demo seed: {started.Rejection?.Message}");
            foreach (var completion in client.Completed)
            {
                var (stepId, outcome) = completion.Split(':') is [var step, var chosen] ? (step, chosen) : (completion, null);
                var task = state.OpenTasks.Single(t => t.StepId == stepId);
                var completed = await runner.ExecuteOnTaskAsync(task.Id, new CompleteTask(task.Id, outcome) { By = actor }, cancellationToken);
                state = completed.State ?? throw new InvalidOperationException($"Demo seed: {completed.Rejection?.Message}");
            }
        }

        await SeedHandoverAsync(runner, scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), cancellationToken);
    }

    /// <summary>
    /// A client in Rotterdam on the region's own pathway whose child was born: identity recorded, her
    /// consent given to the preview, and the postnatal handover sent, so the JGZ demo user has one.
    /// </summary>
    private static async Task SeedHandoverAsync(InstanceRunner runner, HandoverPreviews previews, CancellationToken cancellationToken)
    {
        var midwife = DemoUsers.Find("verloskundige-maas")!;
        var journey = new ClientJourney(runner, previews, Guid.CreateVersion7(), new Actor(midwife.Id, [midwife.Role], midwife.OrganisationId));
        await journey.StartAsync("DEMO-RZ-004", "GM0599", cancellationToken);
        await journey.SentHandoverAsync(new Engine.Handover.ClientIdentity("999911120", "Demo", "Moeder", new DateOnly(1995, 5, 17)), cancellationToken);
    }
}
