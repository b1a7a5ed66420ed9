using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
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
            var state = Accepted(await runner.StartAsync(
                "blauwdruk",
                new StartInstance(Guid.CreateVersion7(), client.Reference, client.Municipality, client.CareTeam) { By = actor },
                cancellationToken));
            foreach (var completion in client.Completed)
            {
                var (stepId, outcome) = completion.Split(':') is [var step, var chosen] ? (step, chosen) : (completion, null);
                var task = state.OpenTasks.Single(t => t.StepId == stepId);
                state = Accepted(await runner.ExecuteOnTaskAsync(task.Id, new CompleteTask(task.Id, outcome) { By = actor }, cancellationToken));
            }
        }

        await SeedHandoverAsync(runner, scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), cancellationToken);
    }

    /// <summary>
    /// A client in Rotterdam on the region's own pathway whose child was born: identity recorded, the birth
    /// and the kraambed done, her consent given to the preview, and the postnatal handover sent, so the JGZ
    /// demo user has one. (Rotterdam-Zuid has no warm handover before it; Drechtsteden has.)
    /// </summary>
    private static async Task SeedHandoverAsync(InstanceRunner runner, HandoverPreviews previews, CancellationToken cancellationToken)
    {
        var user = DemoUsers.Find("verloskundige-maas")!;
        var midwife = new Actor(user.Id, [user.Role], user.OrganisationId);
        var id = Guid.CreateVersion7();
        var state = Accepted(await runner.StartAsync(null, new StartInstance(id, "DEMO-RZ-004", "GM0599", new Dictionary<string, string>()) { By = midwife }, cancellationToken));
        async Task Run(InstanceCommand command) => state = Accepted(await runner.ExecuteAsync(id, command, cancellationToken));
        Guid Open(string step) => state.OpenTasks.Single(t => t.StepId == step).Id;

        await Run(new RecordIdentity(new ClientIdentity("999911120", "Demo", "Moeder", new DateOnly(1995, 5, 17))) { By = midwife });
        await Run(new RaiseSignal("birth") { By = midwife });
        await Run(new CompleteTask(Open("BIRTH"), "levend-geboren") { By = midwife });
        var signalling = state.OpenTasks.Single(t => t.StepId == "POSTPARTUM_SIGNAL");
        await Run(new CompleteTask(signalling.Id, "geen-zorgen") { By = new Actor("kraamverzorgende-rijnmond", [signalling.Role], signalling.OrganisationId) });
        await Run(new CompleteTask(Open("KRAAMBED"), "normaal") { By = midwife });
        var handover = Open("HANDOVER_JGZ");
        var (preview, refused) = await previews.PrepareAsync(handover, midwife, cancellationToken);
        await Run(new RecordConsent(HandoverKind.Postnatal)
        {
            By = midwife,
            PreviewVersion = preview?.ContentVersion ?? throw new InvalidOperationException($"Demo seed: {refused?.Message}"),
        });
        await Run(new SendHandover(handover) { By = midwife });
    }

    private static InstanceState Accepted(RunResult result) =>
        result.State ?? throw new InvalidOperationException($"Demo seed: {result.Rejection?.Message}");
}
