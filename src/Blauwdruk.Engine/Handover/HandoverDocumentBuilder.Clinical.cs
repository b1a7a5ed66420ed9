using System.Net;
using System.Text;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Handover;

/// <summary>The clinical and care parts of a handover document: observations, risk factors, the care plan and referrals, the care team, the consent and the organisations.</summary>
internal sealed partial class HandoverDocumentBuilder
{
    /// <summary>Observations from the record the handover carries, by code: about the mother (pregnancy) or the child (birth).</summary>
    private static readonly Dictionary<(string System, string Code), bool> HandoverObservations = new()
    {
        [(NamingSystems.Snomed, "161732006")] = false, // gravidity
        [(NamingSystems.Snomed, "364325004")] = false, // parity
        [(NamingSystems.Snomed, "57036006")] = false, // length of gestation
        [(NamingSystems.Snomed, "412726003")] = true, // length of gestation at birth
        [(NamingSystems.Loinc, "8339-4")] = true, // birth weight
        [(NamingSystems.Loinc, "9272-6")] = true, // Apgar 1 minute
        [(NamingSystems.Loinc, "9274-2")] = true, // Apgar 5 minutes
        [(NamingSystems.Loinc, "9271-8")] = true, // Apgar 10 minutes
    };

    private static readonly FhirJsonDeserializer Parser = new();

    private ((ResourceReference Reference, string Text)[] Pregnancy, (ResourceReference Reference, string Text)[] Birth) Observations(ResourceReference mother, ResourceReference? child)
    {
        var pregnancy = new List<(ResourceReference, string)>();
        var birth = new List<(ResourceReference, string)>();
        if (State.ExpectedDeliveryDate is { } edd)
        {
            pregnancy.Add((Add("edd", new Observation
            {
                Status = ObservationStatus.Final,
                Code = Concept(NamingSystems.Snomed, "161714006", "Estimated date of delivery", "À terme datum"),
                Subject = mother,
                Value = new FhirDateTime(edd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            }), $"À terme datum: {edd:dd-MM-yyyy}"));
        }

        var number = 0;
        foreach (var observation in State.Record.Select(json => Parser.DeserializeResource(json)).OfType<Observation>())
        {
            var coding = observation.Code?.Coding.FirstOrDefault(c => c.System is not null && c.Code is not null && HandoverObservations.ContainsKey((c.System, c.Code)));
            if (coding is null || observation.Status is ObservationStatus.EnteredInError or ObservationStatus.Cancelled)
            {
                continue;
            }

            var aboutChild = HandoverObservations[(coding.System!, coding.Code!)];
            if (aboutChild && (child is null || !IsAbout(observation, request.Newborn!)))
            {
                continue;
            }

            var copy = (Observation)observation.DeepCopy();
            copy.Id = null;
            copy.Subject = aboutChild ? child : mother;
            var text = $"{coding.Display ?? observation.Code!.Text ?? coding.Code}: {ValueText(observation.Value)}";
            var reference = Add($"observation-{number++}", copy);
            (aboutChild ? birth : pregnancy).Add((reference, text));
        }

        return ([.. pregnancy], [.. birth]);
    }

    /// <summary>An observation about a child names it as subject (Patient/{newborn id}); with one child, no subject also means that child.</summary>
    private bool IsAbout(Observation observation, Newborn newborn) =>
        observation.Subject?.Reference is { } reference
            ? reference == $"Patient/{newborn.Id}" || reference == $"urn:uuid:{newborn.Id}"
            : State.Newborns.Count == 1;

    private (ResourceReference Reference, string Text)[] RiskFactors(ResourceReference mother)
    {
        var riskFactors = Definition.Facts.Where(f => f.RiskFactor).ToList();
        if (riskFactors.Count == 0)
        {
            return [];
        }

        var evaluation = new RecordEvaluation(Definition, State.Record.Select(json => Parser.DeserializeResource(json)));
        return riskFactors
            .Where(f => evaluation.Facts[f.Id] is [true])
            .Select(f => (Add($"risk-{f.Id}", new Observation
            {
                Status = ObservationStatus.Final,
                Category = [Concept("http://terminology.hl7.org/CodeSystem/observation-category", "social-history", "Social History", null)],
                Code = Concept(NamingSystems.RiskFactor, f.Id, f.Label, f.Label),
                Subject = mother,
                Value = new FhirBoolean(true),
            }), f.Label))
            .ToArray();
    }

    private (ResourceReference CarePlan, (ResourceReference Reference, string Text)[] Referrals) CarePlanAndReferrals(ResourceReference mother, ResourceReference sender)
    {
        // Which steps ran and how they ended, from the journal. The Meldcode route never is: the
        // meldrecht lets data go to Veilig Thuis only; the JGZ learns at most that VT is involved.
        var tasks = new Dictionary<Guid, (StepDefinition Step, string Organisation, CarePlan.CarePlanActivityStatus Status, string? Outcome)>();
        foreach (var @event in request.Journal)
        {
            switch (@event)
            {
                case TaskActivated activated when Definition.FindStep(activated.StepId) is { } step && Shareable(step):
                    tasks[activated.TaskId] = (step, activated.OrganisationId, CarePlan.CarePlanActivityStatus.NotStarted, null);
                    break;
                case TaskCompleted completed when tasks.TryGetValue(completed.TaskId, out var task):
                    tasks[completed.TaskId] = task with { Status = CarePlan.CarePlanActivityStatus.Completed, Outcome = completed.Outcome };
                    break;
                case TaskCancelled cancelled when tasks.TryGetValue(cancelled.TaskId, out var task):
                    tasks[cancelled.TaskId] = task with { Status = CarePlan.CarePlanActivityStatus.Cancelled };
                    break;
                case TaskClaimed or TaskStatusChanged when tasks.TryGetValue(((ITaskChange)@event).TaskId, out var task) && task.Status == CarePlan.CarePlanActivityStatus.NotStarted:
                    tasks[((ITaskChange)@event).TaskId] = task with { Status = CarePlan.CarePlanActivityStatus.InProgress };
                    break;
            }
        }

        var referrals = new List<(ResourceReference, string)>();
        foreach (var (id, task) in tasks.Where(t => t.Value.Outcome == "verwezen"))
        {
            referrals.Add((Add($"referral-{id:N}", new ServiceRequest
            {
                Status = RequestStatus.Completed,
                Intent = RequestIntent.Order,
                Code = new CodeableConcept { Text = task.Step.Label },
                Subject = mother,
                Requester = Organisation(task.Organisation),
                AuthoredOn = request.Journal.OfType<TaskCompleted>().First(c => c.TaskId == id).At.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            }), $"{task.Step.Label}: verwezen"));
        }

        var carePlan = Add("careplan", new CarePlan
        {
            Status = State.Status == InstanceStatus.Active ? RequestStatus.Active : RequestStatus.Completed,
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [Concept(NamingSystems.Snomed, "736377005", "Maternity care plan", "Zorgplan kwetsbare zwangerschap")],
            Title = Definition.Title,
            Subject = mother,
            Period = new Period { StartElement = new FhirDateTime(State.StartedAt) },
            Author = sender,
            Activity = tasks.Values.Select(t => new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Status = t.Status,
                    Description = t.Step.Label,
                    Performer = [Organisation(t.Organisation)],
                },
            }).ToList(),
        }, Definition.Title);
        return (carePlan, [.. referrals]);
    }

    /// <summary>A step of a route a signal starts (the Meldcode) is never part of the care plan a handover shares.</summary>
    private bool Shareable(StepDefinition step) =>
        step.Within is null || !Definition.Signals.Any(s => s.Starts == step.Within);

    /// <summary>
    /// That Veilig Thuis is involved (a report was made in the Meldcode route) and whom the JGZ contacts:
    /// Veilig Thuis of the client's municipality and the reporting organisation. Null when there is no report.
    /// </summary>
    private (string[] Lines, ResourceReference[] Contacts)? VeiligThuisInvolvement()
    {
        var reports = request.Journal.OfType<TaskActivated>().Where(a => a.StepId == HandoverDocument.VeiligThuisReportStep).ToDictionary(a => a.TaskId);
        var report = request.Journal.OfType<TaskCompleted>().LastOrDefault(c => reports.ContainsKey(c.TaskId));
        if (report is null)
        {
            return null;
        }

        var reporter = Organisation(reports[report.TaskId].OrganisationId);
        var veiligThuis = Definition.Municipalities.FirstOrDefault(m => m.Code == State.Municipality)?.VeiligThuis is { } id && Definition.FindOrganisation(id) is not null
            ? Organisation(id)
            : null;
        return (
            [
                $"Er is een betrokkenheid van Veilig Thuis (melding op {report.At:dd-MM-yyyy}). Wat er speelt staat niet in deze overdracht.",
                $"Neem vóór het eerste contact met het gezin contact op met de aandachtsfunctionaris van {reporter.Display}"
                    + (veiligThuis is null ? "." : $" en met {veiligThuis.Display}."),
            ],
            veiligThuis is null ? [reporter] : [reporter, veiligThuis]);
    }

    private ResourceReference CareTeam(ResourceReference mother)
    {
        var members = State.CareTeam
            .Where(member => member.Key != "jgz-verpleegkundige" && Definition.FindRole(member.Key) is { CareTeam: true })
            .Select(member => new CareTeam.ParticipantComponent
            {
                Role = [new CodeableConcept { Text = Definition.RoleLabel(member.Key) }],
                Member = Organisation(member.Value),
            })
            .Prepend(new CareTeam.ParticipantComponent
            {
                Role = [new CodeableConcept { Text = "Hoofdbehandelaar (startte het zorgpad)" }],
                Member = Organisation(State.LeadOrganisation),
            })
            .ToList();
        return Add("careteam", new CareTeam
        {
            Status = Hl7.Fhir.Model.CareTeam.CareTeamStatus.Active,
            Name = "Zorgteam geboortezorg",
            Subject = mother,
            Participant = members,
        }, "Zorgteam geboortezorg");
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
            DateTime = grant.RecordedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
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
                    ? new Period { Start = grant.RecordedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), End = weighing.Until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }
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
                Display = $"Voorbeeld van de overdracht dat de cliënt zag ({preview})",
            };
        }

        return Add("consent", consent);
    }

    private IEnumerable<string> ConsentText(ResourceReference recipientOrganisation)
    {
        var grant = request.Grant;
        if (grant.Pending)
        {
            return [$"Voorbeeld — nog niet gedeeld. Alleen met toestemming van de cliënt gaat dit naar {recipientOrganisation.Display}."];
        }

        if (grant.Consent)
        {
            return [$"De cliënt gaf op {grant.RecordedAt:dd-MM-yyyy} toestemming om deze gegevens te delen met {recipientOrganisation.Display}"
                + (grant.PreviewVersion is { } preview ? $" (zij zag voorbeeld {preview})." : ".")];
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

    /// <summary>An organisation by the id the care team uses (<c>ura:…</c> or the pathway's id), added once.</summary>
    private ResourceReference Organisation(string id)
    {
        if (_organisations.TryGetValue(id, out var known))
        {
            return known;
        }

        var definition = Definition.Organisations.FirstOrDefault(o => o.ActorId == id || o.Id == id);
        var organisation = new Organization { Active = true, Name = definition?.Name ?? id };
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
            organisation.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone));
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
