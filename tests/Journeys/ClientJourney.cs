using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Tests.Journeys;

/// <summary>
/// One made-up client taken through the engine to her postnatal handover, step by step, as a test needs
/// her: started by her midwife, identified, the birth and the kraambed done (and a region's own warm
/// handover), the preview shown, her consent given, the handover sent. Every step goes through
/// <see cref="InstanceRunner"/> and throws when refused, naming the command.
/// </summary>
/// <remarks>
/// Test code, shared by the API and Designer tests (linked into both projects); the demo seed walks its
/// own client in <c>DemoSeed</c>.
/// </remarks>
internal sealed class ClientJourney(InstanceRunner runner, HandoverPreviews previews, Guid instanceId, Actor midwife)
{
    public Guid InstanceId => instanceId;

    /// <summary>The newest state, after the last step.</summary>
    public InstanceState? State { get; private set; }

    /// <summary>Starts her on her municipality's operational pathway.</summary>
    public Task<InstanceState> StartAsync(string reference, string municipality, CancellationToken cancellationToken, Dictionary<string, string>? careTeam = null) =>
        RunAsync(new StartInstance(instanceId, reference, municipality, careTeam ?? []) { By = midwife }, cancellationToken);

    public async Task<InstanceState> RunAsync(InstanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = command is StartInstance start
            ? await runner.StartAsync(null, start, cancellationToken)
            : await runner.ExecuteAsync(instanceId, command, cancellationToken);
        State = result.State ?? throw new InvalidOperationException($"{command.GetType().Name}: {result.Rejection?.Message}");
        return State;
    }

    /// <summary>Her midwife records who she is (as at the ID_BSN step): stored encrypted, her BSN also as its keyed hash.</summary>
    public Task<InstanceState> IdentifyAsync(ClientIdentity identity, CancellationToken cancellationToken) =>
        RunAsync(new RecordIdentity(identity) { By = midwife }, cancellationToken);

    /// <summary>The open task of a step.</summary>
    public Guid Open(string step) => State!.OpenTasks.Single(t => t.StepId == step).Id;

    /// <summary>
    /// Identity, birth, the birth and kraambed tasks (and the warm handover where the region has one); returns the open handover task.
    /// Without an identity none is recorded, as for a client whose identity the midwife still has to take down at the handover.
    /// </summary>
    public async Task<Guid> BornAsync(ClientIdentity? identity, CancellationToken cancellationToken)
    {
        if (identity is not null)
        {
            await IdentifyAsync(identity, cancellationToken);
        }

        await RunAsync(new RaiseSignal("birth") { By = midwife }, cancellationToken);
        await RunAsync(new CompleteTask(Open("BIRTH"), "levend-geboren") { By = midwife }, cancellationToken);
        // The kraamverzorgende's re-signalling in the kraamweek.
        var signalling = State!.OpenTasks.Single(t => t.StepId == "POSTPARTUM_SIGNAL");
        await RunAsync(new CompleteTask(signalling.Id, "geen-zorgen") { By = new Actor("kraamverzorgende-1", [signalling.Role], signalling.OrganisationId) }, cancellationToken);
        await RunAsync(new CompleteTask(Open("KRAAMBED"), "normaal") { By = midwife }, cancellationToken);
        if (State!.OpenTasks.SingleOrDefault(t => t.StepId == "WARM_HANDOVER") is { } warm)
        {
            // Drechtsteden's own step: the kraamverzorgende's call with the JGZ before the handover.
            await RunAsync(new CompleteTask(warm.Id, null) { By = new Actor("kraamverzorgende-1", [warm.Role], warm.OrganisationId) }, cancellationToken);
        }

        return Open("HANDOVER_JGZ");
    }

    /// <summary>Shows her the preview of the handover; returns the version of its content.</summary>
    public async Task<string> PreviewAsync(Guid handover, CancellationToken cancellationToken)
    {
        var (preview, rejection) = await previews.PrepareAsync(handover, midwife, cancellationToken);
        return preview?.ContentVersion ?? throw new InvalidOperationException($"Preview: {rejection?.Message}");
    }

    public Task<InstanceState> ConsentAsync(string previewVersion, CancellationToken cancellationToken) =>
        RunAsync(new RecordConsent(HandoverKind.Postnatal) { By = midwife, PreviewVersion = previewVersion }, cancellationToken);

    public Task<InstanceState> SendAsync(Guid handover, CancellationToken cancellationToken) =>
        RunAsync(new SendHandover(handover) { By = midwife }, cancellationToken);

    /// <summary>All of it: born, preview, consent, sent.</summary>
    public async Task SentHandoverAsync(ClientIdentity identity, CancellationToken cancellationToken)
    {
        var handover = await BornAsync(identity, cancellationToken);
        await ConsentAsync(await PreviewAsync(handover, cancellationToken), cancellationToken);
        await SendAsync(handover, cancellationToken);
    }
}
