using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The client asks for something in her file or her handover to be corrected: a task for her midwife
/// (the standard's step <see cref="Step"/>, reached through the signal <see cref="Signal"/>), with her
/// message. She changes nothing herself; the midwife decides and tells her.
/// </summary>
public sealed record RequestCorrection(string Message) : InstanceCommand, IClientCommand
{
    public const string Signal = "correction-request";
    public const string Step = "CORRECTION";
    public const int MessageLength = 1000;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!Access.IsClient(state, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de cliënt zelf vraagt op haar pagina om een correctie; een zorgverlener geeft daarvoor het signaal 'verzoek om correctie'.");
        }

        if (string.IsNullOrWhiteSpace(Message))
        {
            return Decision.Reject(RejectionKind.Invalid, "Schrijf wat er niet klopt.");
        }

        if (Message.Length > MessageLength)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Uw bericht is te lang: hoogstens {MessageLength} tekens.");
        }

        if (definition.FindSignal(Signal) is not { GoesTo: { } step })
        {
            return Decision.Reject(RejectionKind.Conflict, "Op deze pagina kunt u nog niet om een correctie vragen. Bel uw verloskundige.");
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new SignalRaised(Signal, state.LeadOrganisation, Message.Trim()) { At = now, By = By.UserId });
        flow.Enter(step, []);
        return Decision.Accept(flow.Events);
    }
}
