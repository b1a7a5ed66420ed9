using System.Globalization;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>The care parts of a handover document: the care plan's goals and the referrals, the care team, the consent and the organisations.</summary>
internal sealed partial class HandoverDocumentBuilder
{
    /// <summary>The outcomes of a referral step that are a referral the JGZ should know of, with the ServiceRequest status and the Dutch word.</summary>
    private static readonly Dictionary<string, (RequestStatus Status, string Text)> Referred = new(StringComparer.Ordinal)
    {
        ["verwezen"] = (RequestStatus.Active, "verwezen"),
        ["geweigerd"] = (RequestStatus.Revoked, "geweigerd door de zwangere"),
        ["uitval"] = (RequestStatus.Revoked, "uitgevallen (niet verschenen of gestopt)"),
    };

    private (List<string> Lines, List<ResourceReference> Entries) CarePlanAndReferrals(ResourceReference mother, ResourceReference sender)
    {
        var lines = new List<string>();
        var entries = new List<ResourceReference>();

        // The care plan's goals as the care team wrote them down (one per line).
        var goals = (_answers.Own("zorgplan-doelen") is { } answer ? HandoverAnswers.Text(answer.Value) : "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var goalReferences = goals.Select((goal, index) => Add($"goal-{index}", new Goal
        {
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept { Text = goal },
            Subject = mother,
        }, goal)).ToList();
        lines.Add(goals.Length == 0 ? "Doelen van het zorgplan: niet vastgelegd" : "Doelen van het zorgplan: " + string.Join("; ", goals));
        if (_answers.Own("zorgplan-afspraken") is { } agreements)
        {
            lines.Add($"Afspraken: {HandoverAnswers.Text(agreements.Value)}");
        }

        // Every referral with its organisation, how to reach it and its status, declined and dropped out too.
        var activated = request.Journal.OfType<TaskActivated>().ToDictionary(a => a.TaskId);
        var referrals = new List<ResourceReference>();
        foreach (var done in request.Journal.OfType<TaskCompleted>())
        {
            if (!activated.TryGetValue(done.TaskId, out var task) || Definition.FindStep(task.StepId) is not { } step || !Shareable(step)
                || done.Outcome is null || !Referred.TryGetValue(done.Outcome, out var status) || step.Outcomes.All(o => o.Id != "verwezen"))
            {
                continue;
            }

            var option = step.ReferralOptions.FirstOrDefault(o => o.Organisation == done.ReferredTo);
            var performer = done.ReferredTo is { } to && Definition.FindOrganisation(to) is not null ? Organisation(to) : null;
            var referral = Profiled(new ServiceRequest
            {
                Status = status.Status,
                Intent = RequestIntent.Order,
                Code = Concept(NamingSystems.Snomed, "3457005", "Patient referral", option?.Label ?? step.Label),
                Subject = mother,
                Requester = Organisation(task.OrganisationId),
                Performer = performer is null ? [] : [performer],
                AuthoredOn = Moment(done.At),
                Note = [new Annotation { Text = $"{step.Label}: {status.Text}" }],
            }, NlCore.Referral);
            referrals.Add(Add($"referral-{done.TaskId:N}-{done.At.ToUnixTimeSeconds()}", referral, option?.Label ?? step.Label));
            lines.Add($"{step.Label}: {status.Text} op {done.At:dd-MM-yyyy}"
                + (performer is null ? " (organisatie niet vastgelegd)" : $", naar {performer.Display}"));
        }

        if (referrals.Count == 0)
        {
            lines.Add("Verwijzingen: geen");
        }

        var carePlan = Add("careplan", new CarePlan
        {
            Status = State.Status == InstanceStatus.Active ? RequestStatus.Active : RequestStatus.Completed,
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [Concept(NamingSystems.Snomed, "736377005", "Maternity care plan", "Zorgplan kwetsbare zwangerschap")],
            Title = $"Zorgplan ({Definition.Title})",
            Subject = mother,
            Period = new Period { StartElement = new FhirDateTime(State.StartedAt) },
            Author = sender,
            Goal = goalReferences,
            Activity = referrals.Select(r => new CarePlan.ActivityComponent { Reference = r }).ToList(),
        }, "Zorgplan");
        entries.Add(carePlan);
        entries.AddRange(goalReferences);
        entries.AddRange(referrals);
        return (lines, entries);
    }

    /// <summary>A step of a route a signal starts (the Meldcode) is never part of the care plan a handover shares.</summary>
    private bool Shareable(StepDefinition step) =>
        step.Within is null || !Definition.Signals.Any(s => s.Starts == step.Within);

    private (List<string> Lines, ResourceReference CareTeam) CareTeam(ResourceReference mother)
    {
        var members = State.CareTeam
            .Where(member => member.Key != "jgz-verpleegkundige" && Definition.FindRole(member.Key) is { CareTeam: true })
            .Select(member => (Role: Definition.RoleLabel(member.Key), Organisation: member.Value))
            .Prepend((Role: "Hoofdbehandelaar (startte het zorgpad)", Organisation: State.LeadOrganisation))
            .ToList();
        var lines = members.Select(m => $"{m.Role}: {Organisation(m.Organisation).Display}").ToList();
        var careTeam = Add("careteam", Profiled(new CareTeam
        {
            Status = Hl7.Fhir.Model.CareTeam.CareTeamStatus.Active,
            Name = "Zorgteam geboortezorg",
            Subject = mother,
            Participant = members.Select(m => new CareTeam.ParticipantComponent
            {
                Role = [new CodeableConcept { Text = m.Role }],
                Member = Organisation(m.Organisation),
            }).ToList(),
        }, NlCore.CareTeam), "Zorgteam geboortezorg");
        return (lines, careTeam);
    }

    private ResourceReference Consent(ResourceReference mother, ResourceReference sender, ResourceReference recipientOrganisation)
    {
        var grant = request.Grant;
        var consent = new Consent
        {
            Status = grant.Pending ? Hl7.Fhir.Model.Consent.ConsentState.Proposed : Hl7.Fhir.Model.Consent.ConsentState.Active,
            Scope = Concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent", null),
            Category = [Concept(NamingSystems.Loinc, "59284-0", "Patient Consent", "Toestemming gegevensdeling")],
            Patient = mother,
            DateTime = Moment(grant.RecordedAt),
            Organization = [sender],
            Performer = grant.Consent ? [mother] : [sender],
            PolicyRule = grant.Consent
                ? Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in", "Toestemming van de cliënt")
                : new CodeableConcept { Text = grant.LegalGround },
            Provision = new Consent.provisionComponent
            {
                Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit,
                // Under a conflict of duties the permit holds until the day the weighing names.
                Period = grant.Weighing is { } weighing
                    ? new Period { Start = grant.RecordedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), End = weighing.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }
                    : null,
                Actor =
                [
                    new Consent.provisionActorComponent
                    {
                        Role = Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient", "Ontvanger"),
                        Reference = recipientOrganisation,
                    },
                ],
                Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "COC", "coordination of care")],
            },
        };
        if (grant.PreviewVersion is { } preview)
        {
            // The preview the client saw, by its version: a logical reference (the preview is not part of the document).
            consent.Source = new ResourceReference
            {
                Type = "DocumentReference",
                Identifier = new Identifier(NamingSystems.Preview, preview),
                Display = "Het voorbeeld van de overdracht dat de cliënt zag",
            };
        }

        return Add("consent", consent);
    }

    private string[] ConsentText(ResourceReference recipientOrganisation)
    {
        var grant = request.Grant;
        if (grant.Pending)
        {
            return [$"Voorbeeld — nog niet gedeeld. Alleen met toestemming van de cliënt gaat dit naar {recipientOrganisation.Display}."];
        }

        if (grant.Consent)
        {
            List<string> lines =
            [
                $"De cliënt gaf op {grant.RecordedAt:dd-MM-yyyy} toestemming om deze gegevens te delen met {recipientOrganisation.Display}"
                    + (grant.PreviewVersion is null ? "." : ", nadat zij dit voorbeeld van de overdracht zag")
                    + (grant.PreviewVersion is null ? "" : grant.ByClient ? ", zelf op haar eigen pagina." : ", samen met haar zorgverlener."),
            ];
            if (request.Newborn is not null && grant.ChildConsent is { } giver)
            {
                lines.Add(giver.Capacity == ConsentCapacity.Mother
                    ? "Voor de gegevens van het kind gaf de moeder toestemming, als ouder met gezag."
                    : $"Voor de gegevens van het kind gaf {giver.Name} toestemming, als {giver.CapacityText}.");
            }

            return [.. lines];
        }

        var weighing = grant.Weighing!;
        return
        [
            $"Gedeeld zonder toestemming van de cliënt, op grond van een {grant.LegalGround}, gewogen op {grant.RecordedAt:dd-MM-yyyy} door de aandachtsfunctionaris met {weighing.Professional}.",
            $"Waarom: {grant.Reason}",
            $"Waarom geen toestemming: {weighing.WhyNoConsent}",
            "Alleen deze gegevens zijn strikt noodzakelijk en gedeeld: "
                + string.Join(", ", HandoverDocument.Parts.Where(p => weighing.Data.Contains(p.Id)).Select(p => p.Title.ToLowerInvariant())) + ".",
            $"De weging geldt tot en met {weighing.Until:dd-MM-yyyy}.",
        ];
    }

    /// <summary>An organisation by the id the care team uses (<c>ura:…</c> or the pathway's id), added once, with how to reach it.</summary>
    private ResourceReference Organisation(string id)
    {
        if (_organisations.TryGetValue(id, out var known))
        {
            return known;
        }

        var definition = Definition.Organisations.FirstOrDefault(o => o.ActorId == id || o.Id == id);
        var organisation = Profiled(new Organization { Active = true, Name = definition?.Name ?? id }, NlCore.Organization);
        var ura = definition?.Ura ?? (id.StartsWith("ura:", StringComparison.Ordinal) ? id[4..] : null);
        if (ura is not null)
        {
            organisation.Identifier.Add(new Identifier(NamingSystems.Ura, ura));
        }

        if (definition?.Agb is { } agb)
        {
            organisation.Identifier.Add(new Identifier(NamingSystems.Agb, agb));
        }

        if (organisation.Identifier.Count == 0)
        {
            organisation.Identifier.Add(new Identifier(NamingSystems.Organisation, id));
        }

        if (definition?.Phone is { } phone)
        {
            organisation.Telecom.Add(NlCore.Phone(phone, ContactPoint.ContactPointUse.Work));
        }

        if (definition?.Email is { } email)
        {
            organisation.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, email));
        }

        var display = organisation.Name + (definition?.Phone is { } tel ? $" (tel. {tel})" : "");
        var reference = Add($"organisation-{id}", organisation, display);
        _organisations[id] = reference;
        return reference;
    }
}
