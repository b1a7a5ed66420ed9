using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Without the client's consent, the aandachtsfunctionaris records a legal ground toward one recipient,
/// and the engine accepts only a ground valid for it (<see cref="LegalGrounds"/>): the meldrecht
/// (Wmo 2015 art. 5.2.6) only toward Veilig Thuis, within the Meldcode; toward the JGZ, the GP or the
/// social domain only a conflict of duties with its whole weighing. Under a weighing only the data it
/// names leave, until the day it names.
/// </summary>
public sealed record RecordLegalGround(ShareRecipient Recipient, LegalBasis Basis, string Reason) : InstanceCommand
{
    public const string PermittedRole = "aandachtsfunctionaris";

    /// <summary>For the JGZ: the handover it is for (null: both).</summary>
    public HandoverKind? Kind { get; init; }

    /// <summary>For a conflict of duties: the weighing (who weighed, why no consent, which data, until when).</summary>
    public ConflictOfDutiesWeighing? Weighing { get; init; }

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Meldcode;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!By.HasRole(PermittedRole))
        {
            return Decision.Reject(RejectionKind.Forbidden,
                $"Alleen de {definition.RoleLabel(PermittedRole).ToLowerInvariant()} legt een wettelijke grondslag voor gegevensdeling zonder toestemming vast.");
        }

        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 1000)
        {
            return Decision.Reject(RejectionKind.Invalid, "Noem de reden waarom de grondslag hier geldt (hoogstens 1000 tekens).");
        }

        if (LegalGrounds.Refusal(Recipient, Basis) is { } unlawful)
        {
            return Decision.Reject(RejectionKind.Invalid, unlawful);
        }

        if (Kind is not null && Recipient != ShareRecipient.Jgz)
        {
            return Decision.Reject(RejectionKind.Invalid, "Alleen een overdracht aan de JGZ is prenataal of postnataal; laat de overdracht leeg voor een andere ontvanger.");
        }

        if (Basis == LegalBasis.Meldrecht && !state.Signals.Any(s => definition.FindSignal(s.SignalId)?.Starts is not null))
        {
            return Decision.Reject(RejectionKind.Conflict,
                "Het meldrecht geldt binnen de Meldcode: start eerst de Meldcode met het signaal 'Zorg over de veiligheid'.");
        }

        if (Basis == LegalBasis.ConflictOfDuties
            && LegalGrounds.Incomplete(Weighing, HandoverDocument.Parts.Select(p => p.Id).ToList(), DutchWorkingDays.DateOf(now)) is { } incomplete)
        {
            return Decision.Reject(RejectionKind.Invalid, incomplete);
        }

        if (LegalGrounds.RecipientOrganisation(definition, state, Recipient) is not { } recipient)
        {
            return Decision.Reject(RejectionKind.Conflict, Recipient == ShareRecipient.Jgz
                ? HandoverReadiness.NoRecipient(state)
                : $"Dit zorgpad noemt voor gemeente {state.Municipality} geen organisatie voor {LegalGrounds.Label(Recipient)}; vraag de regiocoördinator die vast te leggen.");
        }

        return Decision.Accept([new LegalGroundRecorded(Kind, recipient, LegalGrounds.Law(Basis), Reason.Trim(), By.OrganisationId)
        {
            At = now,
            By = By.UserId,
            RecipientKind = Recipient,
            Basis = Basis,
            // The meldrecht has no weighing; a complete one is stored trimmed.
            Weighing = Basis == LegalBasis.ConflictOfDuties
                ? Weighing! with { Professional = Weighing.Professional.Trim(), WhyNoConsent = Weighing.WhyNoConsent.Trim(), Data = [.. Weighing.Data.Distinct()] }
                : null,
        }]);
    }
}
