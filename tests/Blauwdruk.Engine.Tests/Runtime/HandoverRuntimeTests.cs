using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// A handover leaves only with the client's consent or a recorded legal ground, is done when the JGZ
/// acknowledges it, can be corrected by a new version, and gives twins one document each.
/// </summary>
public class HandoverRuntimeTests : PathwayTest
{
    private const string Jgz = "ura:90000103";

    private const string PathwayYaml = """
        id: overdracht
        version: 1.0.0
        title: Overdracht
        roles:
          - id: verloskundige
            label: Verloskundige
          - id: jgz-verpleegkundige
            label: Jeugdverpleegkundige
          - id: aandachtsfunctionaris
            label: Aandachtsfunctionaris
        start: PRENATAAL
        steps:
          - id: PRENATAAL
            kind: handover
            label: Prenatale overdracht aan de JGZ
            phase: prenatal
            role: verloskundige
            handover: prenatal
            recipient: jgz-verpleegkundige
            deadline: P7D
            next: WACHT
          - id: WACHT
            kind: wait
            label: Wachten op de bevalling
            phase: prenatal
            event: birth
            next: BEVALLING
          - id: BEVALLING
            kind: task
            label: Bevalling vastleggen
            phase: postnatal
            role: verloskundige
            next: POSTNATAAL
          - id: POSTNATAAL
            kind: handover
            label: Postnatale overdracht aan de JGZ
            phase: postnatal
            role: verloskundige
            handover: postnatal
            recipient: jgz-verpleegkundige
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        signals:
          - id: birth
            label: Bevalling
            raisedBy: [verloskundige]
            interrupts: prenatal
            goesTo: BEVALLING
            records: birthDate
        """;

    private static readonly PathwayDefinition Pathway = PathwayReader.Read(PathwayYaml, "overdracht.yaml").GetValidDefinition();

    private static readonly Actor Nurse = new("jgz-1", ["jgz-verpleegkundige"], Jgz);
    private static readonly Actor OtherNurse = new("jgz-2", ["jgz-verpleegkundige"], "ura:90000999");
    private static readonly Actor Lead = new("af-1", ["aandachtsfunctionaris"], Practice);

    public HandoverRuntimeTests()
        : base(startsAt: new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)) => GivenPathway(Pathway);

    /// <summary>Started by the midwife with the JGZ on the care team, and (unless told otherwise) the client identified.</summary>
    private void Start(bool identified = true)
    {
        Start("CL-1", careTeam: new Dictionary<string, string> { ["jgz-verpleegkundige"] = Jgz });
        if (identified)
        {
            Given(new RecordIdentity(new ClientIdentity("999911120", "Jansen", "Fatima", new DateOnly(1996, 3, 12))) { By = Midwife });
        }
    }

    [Fact]
    public void Without_consent_the_handover_waits_says_why_and_nothing_leaves()
    {
        Start();

        var decision = Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife });

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Contains("geen toestemming van de cliënt voor de prenatale overdracht", decision.Rejection!.Message, StringComparison.Ordinal);
        Assert.Contains("er gaat niets naar de JGZ", decision.Rejection.Message, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
        Assert.Empty(State!.Handovers);
    }

    [Fact]
    public void A_handover_task_is_not_completed_by_the_midwife_but_by_the_acknowledgement()
    {
        Start();

        var decision = TryComplete("PRENATAAL");

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.StartsWith("'Prenatale overdracht aan de JGZ' is klaar zodra de JGZ de ontvangst bevestigt.", decision.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_consent_the_handover_becomes_available_and_the_jgz_acknowledgement_moves_the_pathway_on()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" });

        Given(new SendHandover(task.Id) { By = Midwife });

        var sent = Assert.IsType<HandoverSent>(Events[0]);
        Assert.Equal((HandoverKind.Prenatal, Jgz, 1, true), (sent.Kind, sent.Recipient, sent.Version, sent.UnderConsent));
        Assert.Equal(PathwayTaskStatus.InProgress, OpenTask("PRENATAAL").Status);
        Assert.Equal(HandoverStatus.Available, Assert.Single(State!.Handovers).Status);

        Assert.Equal(RejectionKind.NotFound, Try(new AcknowledgeHandover(task.Id) { By = OtherNurse }).Rejection?.Kind);
        // A colleague of the receiving organisation in another care role may not acknowledge; one without a care role does not see it at all.
        Assert.Equal(RejectionKind.Forbidden, Try(new AcknowledgeHandover(task.Id) { By = Nurse with { Roles = ["aandachtsfunctionaris"] } }).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, Try(new AcknowledgeHandover(task.Id) { By = Nurse with { Roles = ["regiocoordinator"] } }).Rejection?.Kind);

        Given(new RetrieveHandover(task.Id, 0) { By = Nurse });
        Assert.Equal(HandoverStatus.Retrieved, State!.Handovers[0].Status);
        Given(new AcknowledgeHandover(task.Id) { By = Nurse });

        Assert.Equal(HandoverStatus.Acknowledged, State!.Handovers[0].Status);
        Assert.Contains(Events, e => e is TaskCompleted completed && completed.TaskId == task.Id);
        Assert.Empty(State.OpenTasks);
        Assert.Equal("WACHT", Assert.Single(State.Waiting).StepId);
    }

    [Fact]
    public void The_jgz_acknowledges_with_a_trimmed_note_back_to_the_sender()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" });
        Given(new SendHandover(task.Id) { By = Midwife });

        Given(new AcknowledgeHandover(task.Id) { By = Nurse, Note = "  Eerste huisbezoek op 12 april.\n" });

        Assert.Equal("Eerste huisbezoek op 12 april.", Assert.Single(Events.OfType<HandoverAcknowledged>()).Note);
    }

    [Fact]
    public void An_empty_note_is_no_note()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" });
        Given(new SendHandover(task.Id) { By = Midwife });

        Given(new AcknowledgeHandover(task.Id) { By = Nurse, Note = " \n " });

        Assert.Null(Assert.Single(Events.OfType<HandoverAcknowledged>()).Note);
    }

    [Fact]
    public void A_note_too_long_is_refused_in_dutch_and_nothing_is_acknowledged()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" });
        Given(new SendHandover(task.Id) { By = Midwife });

        var decision = Try(new AcknowledgeHandover(task.Id) { By = Nurse, Note = new string('x', AcknowledgeHandover.MaxNote + 1) });

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.StartsWith("Het bericht aan de overdrager is te lang: 1001 tekens, hoogstens 1000.", decision.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
        Assert.Equal(HandoverStatus.Available, Assert.Single(State!.Handovers).Status);
        // Exactly the maximum, with spaces around it, is accepted.
        Given(new AcknowledgeHandover(task.Id) { By = Nurse, Note = $"  {new string('x', AcknowledgeHandover.MaxNote)}  " });
        Assert.Equal(HandoverStatus.Acknowledged, Assert.Single(State!.Handovers).Status);
    }

    [Fact]
    public void A_handover_sent_but_not_acknowledged_by_its_due_date_escalates_to_the_sender()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife });
        Given(new SendHandover(task.Id) { By = Midwife });

        Clock.Advance(Days(8));
        var tick = Try(new Tick { By = Tick.System });

        var escalated = Assert.IsType<TaskEscalated>(Assert.Single(tick.Events));
        Assert.Equal(("verloskundige", Practice), (escalated.Role, escalated.OrganisationId));
    }

    [Fact]
    public void Preparing_the_same_content_twice_is_recorded_once()
    {
        Start();
        var task = OpenTask("PRENATAAL");

        Given(new PrepareHandover(task.Id, "abc") { By = Midwife });
        Assert.Equal("abc", Assert.IsType<HandoverPrepared>(Assert.Single(Events)).ContentVersion);
        Given(new PrepareHandover(task.Id, "abc") { By = Midwife });
        Assert.Empty(Events);
        Given(new PrepareHandover(task.Id, "def") { By = Midwife });
        Assert.Equal("def", State!.PreparedHandovers[task.Id]);
        Assert.Equal(RejectionKind.NotFound, Try(new PrepareHandover(task.Id, "ghi") { By = OtherNurse }).Rejection?.Kind);
    }

    [Fact]
    public void Withdrawing_consent_before_sending_stops_the_handover()
    {
        Start();
        Given(new RecordConsent(null) { By = Midwife });

        Given(new WithdrawConsent(HandoverKind.Prenatal) { By = Midwife });

        Assert.NotNull(Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife }).Rejection);
        // Consent for both handovers, withdrawn for the prenatal one, still holds for the postnatal one.
        Assert.Equal(HandoverKind.Postnatal, Assert.Single(State!.Grants).Kind);
        Assert.Equal(RejectionKind.Conflict, Try(new WithdrawConsent(HandoverKind.Prenatal) { By = Midwife }).Rejection?.Kind);
    }

    private static readonly PathwayDefinition WithRequiredContact = PathwayReader.Read(
        PathwayYaml.Replace("    handover: prenatal\n", "    handover: prenatal\n    requiredSections: [contact]\n", StringComparison.Ordinal), "overdracht.yaml").GetValidDefinition();

    [Fact]
    public void Consent_per_section_records_what_she_leaves_out_and_her_words_but_not_an_unknown_or_required_part()
    {
        GivenPathway(WithRequiredContact);
        Start();

        Assert.Equal(RejectionKind.Invalid, Try(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, LeftOut = ["geheim"] }).Rejection?.Kind);
        var required = Try(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, LeftOut = ["contact"] }).Rejection;
        Assert.Equal(RejectionKind.Invalid, required?.Kind);
        Assert.Contains("'contactgegevens, gezin en huisarts'", required!.Message, StringComparison.Ordinal);
        Assert.Contains("helemaal weigeren", required.Message, StringComparison.Ordinal);
        Assert.Empty(State!.Grants);

        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, LeftOut = ["zorgplan", "psychosociaal"], OwnWords = "  Ik wil graag een vrouw.  " });

        var grant = Assert.Single(State!.Grants);
        Assert.Equal(["psychosociaal", "zorgplan"], grant.LeftOut);
        Assert.Equal("Ik wil graag een vrouw.", grant.OwnWords);
        Assert.False(grant.ByClient);
        Assert.False(HandoverGrant.Of(grant).Covers("psychosociaal"));
        Assert.True(HandoverGrant.Of(grant).Covers("zwangerschap"));
    }

    [Fact]
    public void The_client_herself_consents_refuses_and_withdraws_on_her_own_pathway_only()
    {
        Start();
        var her = new Actor("digid-pseudonym-1", [Access.ClientRole], "") { ClientOf = State!.Id };
        var someoneElse = her with { ClientOf = Guid.NewGuid() };

        Assert.Equal(RejectionKind.NotFound, Try(new RecordConsent(HandoverKind.Prenatal) { By = someoneElse }).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = her }).Rejection?.Kind);

        Given(new RecordConsent(HandoverKind.Prenatal) { By = her, PreviewVersion = "v1" });
        Assert.True(Assert.Single(State!.Grants).ByClient);
        Assert.Equal(Practice, State.Grants[0].OrganisationId);

        Given(new RefuseHandover(HandoverKind.Prenatal) { By = her });
        Assert.Empty(State!.Grants);
        var refused = Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife }).Rejection;
        Assert.StartsWith("De cliënt wil de prenatale overdracht aan de JGZ niet.", refused?.Message, StringComparison.Ordinal);

        // A later consent lifts the refusal.
        Given(new RecordConsent(HandoverKind.Prenatal) { By = her, PreviewVersion = "v1" });
        Assert.False(State!.Refuses(HandoverKind.Prenatal));
        Given(new WithdrawConsent(HandoverKind.Prenatal) { By = her });
        Assert.Empty(State!.Grants);
    }

    [Fact]
    public void A_minor_mother_cannot_consent_for_her_childs_data_the_guardian_can()
    {
        Start();
        Given(new RaiseSignal("birth") { By = Midwife });
        var minor = new ConsentCheck(null, null, MotherMinor: true);

        var refused = Try(new RecordConsent(HandoverKind.Postnatal) { By = Midwife, Check = minor }).Rejection;
        Assert.Equal(RejectionKind.Conflict, refused?.Kind);
        Assert.Contains("geen gezag over haar kind", refused!.Message, StringComparison.Ordinal);
        Assert.Equal(RejectionKind.Invalid, Try(new RecordConsent(HandoverKind.Postnatal) { By = Midwife, Check = minor, ChildConsent = new ConsentGiver(ConsentCapacity.Guardian, " ") }).Rejection?.Kind);
        Assert.Equal(RejectionKind.Invalid, Try(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, ChildConsent = new ConsentGiver(ConsentCapacity.Guardian, "M. Voogd") }).Rejection?.Kind);

        Given(new RecordConsent(HandoverKind.Postnatal) { By = Midwife, Check = minor, ChildConsent = new ConsentGiver(ConsentCapacity.Guardian, "M. Voogd") });

        Assert.Equal(new ConsentGiver(ConsentCapacity.Guardian, "M. Voogd"), Assert.Single(State!.Grants).ChildConsent);
    }

    [Fact]
    public void A_consent_on_a_preview_that_changed_since_it_was_shown_records_nothing()
    {
        Start();

        var changed = Try(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "old", Check = new ConsentCheck("new", "new", false) });

        Assert.Equal(RejectionKind.Conflict, changed.Rejection?.Kind);
        Assert.Empty(State!.Grants);
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "new", LeftOut = ["zorgteam"], Check = new ConsentCheck("new", "shared", false) });
        Assert.Equal("shared", Assert.Single(State!.Grants).PreviewVersion);
    }

    [Fact]
    public void Without_the_clients_identity_nothing_is_sent()
    {
        Start(identified: false);
        Given(new RecordConsent(null) { By = Midwife });

        var decision = Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife });

        Assert.StartsWith("De identiteit van de cliënt", decision.Rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_is_a_new_version_that_must_be_acknowledged_again()
    {
        Start();
        var task = OpenTask("PRENATAAL");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife });
        Given(new SendHandover(task.Id) { By = Midwife });

        Given(new SendHandover(task.Id) { By = Midwife });

        Assert.Equal(2, Assert.IsType<HandoverSent>(Assert.Single(Events)).Version);
        var handover = Assert.Single(State!.Handovers);
        Assert.Equal((2, HandoverStatus.Available), (handover.Version, handover.Status));
    }

    [Fact]
    public void Twins_get_a_document_each_and_the_step_is_done_when_both_are_acknowledged()
    {
        Start();
        Given(new CancelTask(OpenTask("PRENATAAL").Id, "Cliënt wil geen prenatale overdracht") { By = Midwife });
        Raise("birth", newborns: 2);
        Complete("BEVALLING");
        var task = OpenTask("POSTNATAAL");
        Given(new RecordConsent(HandoverKind.Postnatal) { By = Midwife });

        Given(new SendHandover(task.Id) { By = Midwife });

        Assert.Equal([1, 2], Assert.IsType<HandoverSent>(Events[0]).Children);
        Given(new AcknowledgeHandover(task.Id) { By = Nurse, Child = 1 });
        Assert.Equal(PathwayTaskStatus.InProgress, OpenTask("POSTNATAAL").Status);
        Given(new AcknowledgeHandover(task.Id) { By = Nurse, Child = 2 });
        Assert.Equal(InstanceStatus.Completed, State!.Status);
        Assert.Equal(RejectionKind.Conflict, Try(new AcknowledgeHandover(task.Id) { By = Nurse }).Rejection?.Kind);
    }

    private static ConflictOfDutiesWeighing Weighing(DateOnly until, params string[] data) =>
        new("verloskundige M. de Vries", "Toestemming vragen brengt de cliënt in gevaar.", [.. data], until);

    [Fact]
    public void A_weighed_conflict_of_duties_is_recorded_only_by_the_aandachtsfunctionaris_and_lets_the_handover_leave_without_consent()
    {
        Start();
        var ground = new RecordLegalGround(ShareRecipient.Jgz, LegalBasis.ConflictOfDuties, "Acute onveiligheid van het kind")
        {
            By = Lead,
            Weighing = Weighing(new DateOnly(2026, 5, 1), "zwangerschap"),
        };

        Assert.Equal(RejectionKind.Forbidden, Try(ground with { By = Midwife }).Rejection?.Kind);
        Assert.Equal(RejectionKind.Invalid, Try(ground with { By = Lead, Reason = " " }).Rejection?.Kind);
        Given(ground with { By = Lead });
        var recorded = Assert.IsType<LegalGroundRecorded>(Events[0]);
        Assert.Equal((ShareRecipient.Jgz, LegalBasis.ConflictOfDuties, Jgz), (recorded.RecipientKind, recorded.Basis, recorded.Recipient));
        Given(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife });

        Assert.False(Assert.IsType<HandoverSent>(Events[0]).UnderConsent);
    }

    [Fact]
    public void The_meldrecht_is_no_ground_for_a_handover_to_the_jgz()
    {
        Start();

        var refused = Try(new RecordLegalGround(ShareRecipient.Jgz, LegalBasis.Meldrecht, "Acute onveiligheid") { By = Lead });

        Assert.Equal(RejectionKind.Invalid, refused.Rejection?.Kind);
        Assert.Contains("art. 5.2.6 Wmo 2015", refused.Rejection!.Message, StringComparison.Ordinal);
        Assert.Contains("alleen toe gegevens aan Veilig Thuis te geven", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Empty(State!.Grants);
        Assert.Equal(RejectionKind.Conflict, Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife }).Rejection?.Kind);
    }

    [Theory]
    [InlineData(null, "Een conflict van plichten vraagt een weging")]
    [InlineData("", "met wie de aandachtsfunctionaris woog")]
    [InlineData("why", "waarom geen toestemming")]
    [InlineData("data", "welke gegevens strikt noodzakelijk zijn")]
    [InlineData("unknown", "'dossier' is geen onderdeel van de overdracht")]
    [InlineData("past", "tot wanneer de weging geldt (een datum vanaf vandaag)")]
    [InlineData("forever", "hoogstens een jaar")]
    public void A_conflict_of_duties_without_its_whole_weighing_is_refused_naming_what_is_missing(string? missing, string message)
    {
        Start();
        var complete = Weighing(new DateOnly(2026, 5, 1), "zwangerschap");
        var weighing = missing switch
        {
            null => null,
            "" => complete with { Professional = " " },
            "why" => complete with { WhyNoConsent = "" },
            "data" => complete with { Data = [] },
            "unknown" => complete with { Data = ["dossier"] },
            "past" => complete with { Until = new DateOnly(2026, 3, 31) },
            _ => complete with { Until = new DateOnly(2027, 5, 1) },
        };

        var refused = Try(new RecordLegalGround(ShareRecipient.Jgz, LegalBasis.ConflictOfDuties, "Acute onveiligheid") { By = Lead, Weighing = weighing });

        Assert.Equal(RejectionKind.Invalid, refused.Rejection?.Kind);
        Assert.Contains(message, refused.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(State!.Grants);
    }

    [Fact]
    public void A_weighing_holds_until_the_day_it_names_after_which_nothing_leaves_without_a_new_one()
    {
        Start();
        Given(new RecordLegalGround(ShareRecipient.Jgz, LegalBasis.ConflictOfDuties, "Acute onveiligheid")
        {
            By = Lead,
            Kind = HandoverKind.Prenatal,
            Weighing = Weighing(new DateOnly(2026, 4, 3), "zwangerschap"),
        });

        Clock.Advance(Days(3));
        var refused = Try(new SendHandover(OpenTask("PRENATAAL").Id) { By = Midwife });

        Assert.Equal(RejectionKind.Conflict, refused.Rejection?.Kind);
        Assert.Contains("gold tot en met 03-04-2026", refused.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ground_recorded_before_grounds_were_checked_per_recipient_opens_no_handover()
    {
        Start();
        var legacy = new LegalGroundRecorded(null, Jgz, "Wmo 2015 art. 5.2.6", "Acute onveiligheid", Practice) { At = Clock.GetUtcNow(), By = "af-1" };

        var state = Decider.Evolve(State!, legacy);

        Assert.Null(state.GrantFor(HandoverKind.Prenatal, Jgz, Clock.GetUtcNow()));
        Assert.NotNull(HandoverReadiness.Blocked(Pathway, state, HandoverKind.Prenatal, Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("999911120", true)]
    [InlineData("111222333", true)]
    [InlineData("123456789", false)]
    [InlineData("99991112", false)]
    [InlineData("99991112a", false)]
    [InlineData("000000000", false)]
    public void The_bsn_passes_the_eleven_test(string bsn, bool valid) => Assert.Equal(valid, RecordIdentity.IsValidBsn(bsn));

    [Fact]
    public void An_invalid_identity_is_refused_without_repeating_the_bsn()
    {
        Start(identified: false);

        var decision = Try(new RecordIdentity(new ClientIdentity("123456789", "Jansen", "Fatima", new DateOnly(1996, 3, 12))) { By = Midwife });

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.DoesNotContain("123456789", decision.Rejection!.Message, StringComparison.Ordinal);
    }
}
