using System.Net;
using System.Security.Cryptography;
using System.Text;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Handover;

/// <summary>The mother as the handover names her. Kept outside the pathway state, which never holds the BSN.</summary>
public sealed record ClientIdentity(string Bsn, string FamilyName, string GivenName, DateOnly BirthDate);

/// <summary>Why a handover may leave: the client's consent for this recipient, or, in the Meldcode route, a legal ground.</summary>
public sealed record HandoverGrant
{
    /// <summary>The consent the client gave (false: a legal ground without consent).</summary>
    public required bool Consent { get; init; }

    public required string RecordedBy { get; init; }
    public required string RecordedByOrganisation { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The version of the preview the client saw (consent only).</summary>
    public string? PreviewVersion { get; init; }

    /// <summary>The legal ground (e.g. "Wmo 2015 art. 5.2.6") and the reason, when there is no consent.</summary>
    public string? LegalGround { get; init; }

    public string? Reason { get; init; }

    /// <summary>Not recorded yet: the document is a preview, to show the client before she consents.</summary>
    public bool Pending { get; init; }

    /// <summary>The grant as the instance recorded it.</summary>
    public static HandoverGrant Of(HandoverGrantRecord grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new()
        {
            Consent = grant.Consent,
            RecordedBy = grant.By,
            RecordedByOrganisation = grant.OrganisationId,
            RecordedAt = grant.At,
            PreviewVersion = grant.PreviewVersion,
            LegalGround = grant.Ground,
            Reason = grant.Reason,
        };
    }

    /// <summary>The grant a preview is built with: the consent the preview asks for.</summary>
    public static HandoverGrant Preview(Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        return new() { Consent = true, Pending = true, RecordedBy = by.UserId, RecordedByOrganisation = by.OrganisationId, RecordedAt = now };
    }
}

/// <summary>Everything one handover document is built from.</summary>
public sealed record HandoverRequest
{
    public required PathwayDefinition Definition { get; init; }
    public required InstanceState State { get; init; }

    /// <summary>The instance's journal: which steps ran, and how they ended.</summary>
    public required IReadOnlyList<InstanceEvent> Journal { get; init; }

    public required HandoverKind Kind { get; init; }

    /// <summary>The child a postnatal handover is about; null before the birth.</summary>
    public Newborn? Newborn { get; init; }

    public required ClientIdentity Mother { get; init; }
    public required HandoverGrant Grant { get; init; }

    /// <summary>The professional who prepares the handover.</summary>
    public required Actor Author { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>1 for the first document; a correction is the next version and replaces it.</summary>
    public int Version { get; init; } = 1;
}

/// <summary>
/// Builds a handover to JGZ as a FHIR R4 document <see cref="Bundle"/>: a <see cref="Composition"/>
/// with Dutch sections, and the resources it references: the mother (BSN), after the birth the child
/// (linked to the mother), the pregnancy and birth observations, the psychosocial risk factors, the
/// care plan and referrals, the care team, the consent and the provenance. Pure: the same request
/// gives the same document, with ids derived from the document's stable identifier.
/// </summary>
public static class HandoverDocument
{
    public const string BsnSystem = "http://fhir.nl/fhir/NamingSystem/bsn";
    public const string UraSystem = "http://fhir.nl/fhir/NamingSystem/ura";
    public const string AgbSystem = "http://fhir.nl/fhir/NamingSystem/agb-z";
    public const string NewbornSystem = "https://fhir.blauwdruk.nl/NamingSystem/newborn";
    public const string OrganisationSystem = "https://fhir.blauwdruk.nl/NamingSystem/organisation";
    public const string UserSystem = "https://fhir.blauwdruk.nl/NamingSystem/user";
    public const string PreviewSystem = "https://fhir.blauwdruk.nl/NamingSystem/handover-preview";
    public const string RiskFactorSystem = "https://fhir.blauwdruk.nl/CodeSystem/risk-factor";
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";

    /// <summary>Observations from the record the handover carries, by code: about the mother (pregnancy) or the child (birth).</summary>
    private static readonly Dictionary<(string System, string Code), bool> HandoverObservations = new()
    {
        [(Snomed, "161732006")] = false, // gravidity
        [(Snomed, "364325004")] = false, // parity
        [(Snomed, "57036006")] = false, // length of gestation
        [(Snomed, "412726003")] = true, // length of gestation at birth
        [(Loinc, "8339-4")] = true, // birth weight
        [(Loinc, "9272-6")] = true, // Apgar 1 minute
        [(Loinc, "9274-2")] = true, // Apgar 5 minutes
        [(Loinc, "9271-8")] = true, // Apgar 10 minutes
    };

    private static readonly FhirJsonDeserializer Parser = new();

    /// <summary>The document's identifier, the same for every version: one per instance, kind and child.</summary>
    public static string Identifier(Guid instanceId, HandoverKind kind, Newborn? newborn) =>
        $"urn:uuid:{DeterministicGuid.From($"{instanceId:N}/{kind}/{newborn?.Number ?? 0}")}";

    public static Bundle Build(HandoverRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == HandoverKind.Postnatal && request.Newborn is null)
        {
            throw new ArgumentException("A postnatal handover is about one child.", nameof(request));
        }

        var recipient = HandoverReadiness.RecipientOf(request.Definition, request.State)
            ?? throw new ArgumentException("The client's municipality has no JGZ organisation, and neither has the care team.", nameof(request));
        return new Builder(request, recipient).Build();
    }

    /// <summary>The section that says who consented; it is not part of what the client consents to.</summary>
    public const string ConsentSection = "Toestemming";

    /// <summary>
    /// The version of what a handover shares, as the client reads it: a hash of every section's
    /// narrative except the consent, over all its documents (one per child). The consent records the
    /// version of the preview the client saw; if the content changes afterwards, it no longer matches.
    /// </summary>
    public static string ContentVersion(IEnumerable<Bundle> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var text = new StringBuilder();
        foreach (var composition in documents.Select(d => (Composition)d.Entry[0].Resource!))
        {
            foreach (var section in composition.Section.Where(s => s.Code?.Text != ConsentSection))
            {
                text.Append(section.Title).Append('\n').Append(section.Text?.Div).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The code (text) of the section that lists the psychosocial risk factors, for readers that mark it.</summary>
    public const string PsychosocialSection = "Psychosociaal";


    private sealed class Builder(HandoverRequest request, string recipient)
    {
        private readonly string _identifier = Identifier(request.State.Id, request.Kind, request.Newborn);
        private readonly Bundle _bundle = new() { Type = Bundle.BundleType.Document };
        private readonly Dictionary<string, ResourceReference> _organisations = [];
        private PathwayDefinition Definition => request.Definition;
        private InstanceState State => request.State;

        private string Url(string name) => $"urn:uuid:{DeterministicGuid.From($"{_identifier}/{name}")}";

        private ResourceReference Add(string name, Resource resource, string? display = null)
        {
            var url = Url(name);
            _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
            return new ResourceReference(url, display);
        }

        public Bundle Build()
        {
            var composition = new Composition
            {
                Identifier = new Identifier("urn:ietf:rfc:3986", _identifier),
                Status = request.Version == 1 ? CompositionStatus.Final : CompositionStatus.Amended,
                Type = Concept(Loinc, "18761-7", "Provider-unspecified transfer summary", "Overdracht aan de jeugdgezondheidszorg"),
                Category = [Concept(Snomed, "736377005", "Maternity care plan", "Kwetsbare zwangerschap")],
                Date = request.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
                Title = request.Kind == HandoverKind.Prenatal
                    ? "Prenatale overdracht aan de JGZ"
                    : $"Postnatale overdracht aan de JGZ{(State.Newborns.Count > 1 ? $" — kind {request.Newborn!.Number}" : "")}",
                Confidentiality = Composition.V3ConfidentialityClassification.R,
            };
            _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Url("composition"), Resource = composition });

            var mother = Add("mother", Mother(), $"{request.Mother.GivenName} {request.Mother.FamilyName}");
            var sender = Organisation(request.Author.OrganisationId);
            var to = Organisation(recipient);
            var author = Add("author", new PractitionerRole
            {
                Active = true,
                Practitioner = new ResourceReference { Identifier = new Identifier(UserSystem, request.Author.UserId), Display = request.Author.UserId },
                Organization = sender,
                Code = request.Author.Roles.Select(role => new CodeableConcept { Text = Definition.RoleLabel(role) }).ToList(),
            }, request.Author.UserId);
            composition.Author = [author];
            composition.Custodian = sender;

            ResourceReference? child = null;
            if (request.Newborn is { } newborn)
            {
                child = Add("child", Child(newborn, mother), $"kind {newborn.Number}");
                Add("mother-of-child", new RelatedPerson
                {
                    Active = true,
                    Patient = child,
                    Relationship = [Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother", "Moeder")],
                    Name = [MotherName()],
                    Gender = AdministrativeGender.Female,
                    BirthDate = request.Mother.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            composition.Subject = child ?? mother;
            var clientSection = Section("Cliënt", "Moeder" + (child is null ? "" : " en kind"),
                [$"Moeder: {request.Mother.GivenName} {request.Mother.FamilyName}, geboren {request.Mother.BirthDate:dd-MM-yyyy}, BSN {request.Mother.Bsn}",
                 .. child is null ? Array.Empty<string>() : [$"Kind {request.Newborn!.Number}, geboren {State.BirthDate:dd-MM-yyyy}"]],
                child is null ? [mother] : [mother, child]);

            var (pregnancy, birth) = Observations(mother, child);
            var riskFactors = RiskFactors(mother);
            var (carePlan, referrals) = CarePlanAndReferrals(mother, sender);
            var careTeam = CareTeam(mother);
            var consent = Consent(mother, sender, to);

            composition.Section =
            [
                clientSection,
                Section("Zwangerschap", "Zwangerschap", pregnancy.Select(p => p.Text).DefaultIfEmpty("Geen gegevens over de zwangerschap vastgelegd."), pregnancy.Select(p => p.Reference)),
                .. request.Kind == HandoverKind.Postnatal
                    ? [Section("Geboorte", "Geboorte", birth.Select(b => b.Text).Prepend($"Geboortedatum: {State.BirthDate:dd-MM-yyyy}"), birth.Select(b => b.Reference))]
                    : Array.Empty<Composition.SectionComponent>(),
                Section(PsychosocialSection, "Psychosociale risicofactoren", riskFactors.Select(r => r.Text).DefaultIfEmpty("Geen psychosociale risicofactoren gevonden in de screening."), riskFactors.Select(r => r.Reference)),
                Section("Zorgplan", "Zorgplan en verwijzingen", referrals.Select(r => r.Text).Prepend($"Zorgpad: {Definition.Title} ({Definition.Id} {Definition.Version})"), referrals.Select(r => r.Reference).Prepend(carePlan)),
                Section("Zorgteam", "Zorgteam", _organisations.Values.Select(o => o.Display!), [careTeam, author]),
                Section(ConsentSection, "Toestemming en grondslag", [ConsentText(to)], [consent]),
            ];

            Add("provenance", new Provenance
            {
                Target = [new ResourceReference(Url("composition"))],
                Recorded = request.Now,
                Activity = Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", request.Version == 1 ? "CREATE" : "UPDATE", request.Version == 1 ? "create" : "revise", null),
                Agent =
                [
                    new Provenance.AgentComponent
                    {
                        Type = Concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author", null),
                        Who = author,
                        OnBehalfOf = sender,
                    },
                ],
            });

            _bundle.Identifier = new Identifier("urn:ietf:rfc:3986", _identifier);
            _bundle.Timestamp = request.Now;
            _bundle.Meta = new Meta { VersionId = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return _bundle;
        }

        private Patient Mother() => new()
        {
            Identifier = [new Identifier(BsnSystem, request.Mother.Bsn)],
            Name = [MotherName()],
            Gender = AdministrativeGender.Female,
            BirthDate = request.Mother.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

        private HumanName MotherName() => new()
        {
            Use = HumanName.NameUse.Official,
            Family = request.Mother.FamilyName,
            Given = [request.Mother.GivenName],
            Text = $"{request.Mother.GivenName} {request.Mother.FamilyName}",
        };

        private Patient Child(Newborn newborn, ResourceReference mother) => new()
        {
            Identifier = [new Identifier(NewbornSystem, newborn.Id.ToString())],
            BirthDate = State.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            MultipleBirth = State.Newborns.Count > 1 ? new Integer(newborn.Number) : new FhirBoolean(false),
            Contact =
            [
                new Patient.ContactComponent
                {
                    Relationship = [Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother", "Moeder")],
                    Name = new HumanName { Text = mother.Display },
                },
            ],
        };

        private ((ResourceReference Reference, string Text)[] Pregnancy, (ResourceReference Reference, string Text)[] Birth) Observations(ResourceReference mother, ResourceReference? child)
        {
            var pregnancy = new List<(ResourceReference, string)>();
            var birth = new List<(ResourceReference, string)>();
            if (State.ExpectedDeliveryDate is { } edd)
            {
                pregnancy.Add((Add("edd", new Observation
                {
                    Status = ObservationStatus.Final,
                    Code = Concept(Snomed, "161714006", "Estimated date of delivery", "À terme datum"),
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
                    Code = Concept(RiskFactorSystem, f.Id, f.Label, f.Label),
                    Subject = mother,
                    Value = new FhirBoolean(true),
                }), f.Label))
                .ToArray();
        }

        private (ResourceReference CarePlan, (ResourceReference Reference, string Text)[] Referrals) CarePlanAndReferrals(ResourceReference mother, ResourceReference sender)
        {
            // Which steps ran and how they ended, from the journal. The Meldcode route is need-to-know:
            // it is only part of a handover under a recorded legal ground.
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
                Category = [Concept(Snomed, "736377005", "Maternity care plan", "Zorgplan kwetsbare zwangerschap")],
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

        /// <summary>A step of a route a signal starts (the Meldcode) is shared only under a legal ground.</summary>
        private bool Shareable(StepDefinition step) =>
            !request.Grant.Consent || step.Within is null || !Definition.Signals.Any(s => s.Starts == step.Within);

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
                Category = [Concept(Loinc, "59284-0", "Patient Consent", "Toestemming gegevensdeling")],
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
                    Identifier = new Identifier(PreviewSystem, preview),
                    Display = $"Voorbeeld van de overdracht dat de cliënt zag ({preview})",
                };
            }

            return Add("consent", consent);
        }

        private string ConsentText(ResourceReference recipientOrganisation) => request.Grant.Pending
            ? $"Voorbeeld — nog niet gedeeld. Alleen met toestemming van de cliënt gaat dit naar {recipientOrganisation.Display}."
            : request.Grant.Consent
            ? $"De cliënt gaf op {request.Grant.RecordedAt:dd-MM-yyyy} toestemming om deze gegevens te delen met {recipientOrganisation.Display}" +
              (request.Grant.PreviewVersion is { } preview ? $" (zij zag voorbeeld {preview})." : ".")
            : $"Gedeeld zonder toestemming op grond van {request.Grant.LegalGround}: {request.Grant.Reason}";

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
                organisation.Identifier.Add(new Identifier(UraSystem, ura));
            }

            if (definition?.Agb is { } agb)
            {
                organisation.Identifier.Add(new Identifier(AgbSystem, agb));
            }

            if (organisation.Identifier.Count == 0)
            {
                organisation.Identifier.Add(new Identifier(OrganisationSystem, id));
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

        private static Composition.SectionComponent Section(string code, string title, IEnumerable<string> lines, IEnumerable<ResourceReference> entries) => new()
        {
            Title = title,
            Code = new CodeableConcept { Text = code },
            Text = new Narrative
            {
                Status = Narrative.NarrativeStatus.Generated,
                Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>{string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul></div>",
            },
            Entry = entries.ToList(),
        };

        private static string ValueText(DataType? value) => value switch
        {
            Quantity quantity => $"{quantity.Value} {quantity.Unit ?? quantity.Code}",
            Integer integer => integer.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            FhirDateTime date => date.Value ?? "",
            FhirBoolean boolean => boolean.Value == true ? "ja" : "nee",
            CodeableConcept concept => concept.Text ?? concept.Coding.FirstOrDefault()?.Display ?? "",
            FhirString text => text.Value ?? "",
            _ => value?.ToString() ?? "",
        };

        private static CodeableConcept Concept(string system, string code, string display, string? text) =>
            new() { Coding = [new Coding(system, code, display)], Text = text };
    }
}
