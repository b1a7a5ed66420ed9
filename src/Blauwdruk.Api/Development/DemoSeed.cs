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
    private sealed record DemoClient(string Reference, string Municipality, string MidwifeId, int TasksDone, Dictionary<string, string> CareTeam);

    private static readonly DemoClient[] Clients =
    [
        new("DEMO-RZ-001", "GM0599", "verloskundige-maas", 0, []),
        new("DEMO-RZ-002", "GM0599", "verloskundige-maas", 2, []),
        new("DEMO-RZ-003", "GM0599", "verloskundige-maas", 3, new() { ["gynaecoloog"] = "ura:90000102" }),
        new("DEMO-DS-001", "GM0505", "verloskundige-merwede", 1, []),
        new("DEMO-DS-002", "GM0642", "verloskundige-merwede", 4, []),
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
            for (var done = 0; done < client.TasksDone && state.OpenTasks.FirstOrDefault() is { } task; done++)
            {
                var completed = await runner.CompleteTaskAsync(new CompleteTask(task.Id, null) { By = actor }, cancellationToken);
                state = completed.State ?? throw new InvalidOperationException($"Demo seed: {completed.Rejection?.Message}");
            }
        }
    }
}
