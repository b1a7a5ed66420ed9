using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Record or correct the expected delivery date as one change: open due dates and timers anchored on it move
/// (see <see cref="RecordClinicalDate"/>). A birth date is accepted only as it stands; it changes with <see cref="CorrectBirth"/>.
/// </summary>
public sealed record RecordClinicalDates(DateOnly? ExpectedDeliveryDate, DateOnly? BirthDate) : InstanceCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (ExpectedDeliveryDate is null && BirthDate is null)
        {
            return Decision.Reject(RejectionKind.Invalid, "Geef de uitgerekende datum (expectedDeliveryDate), de geboortedatum (birthDate) of beide.");
        }

        if (!Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt klinische datums vast.");
        }

        if (BirthDate is { } born && born != state.BirthDate)
        {
            return Decision.Reject(RejectionKind.Invalid, RecordClinicalDate.BirthDateApart);
        }

        if (ExpectedDeliveryDate is { } edd && edd != state.ExpectedDeliveryDate && RecordClinicalDate.DueDateProblem(edd, now) is { } problem)
        {
            return Decision.Reject(RejectionKind.Invalid, problem);
        }

        var flow = new Flow(definition, state, now);
        if (ExpectedDeliveryDate is { } expected)
        {
            RecordClinicalDate.Record(definition, flow, DeadlineAnchor.ExpectedDeliveryDate, expected, now, By.UserId);
        }

        return Decision.Accept(flow.Events);
    }
}
