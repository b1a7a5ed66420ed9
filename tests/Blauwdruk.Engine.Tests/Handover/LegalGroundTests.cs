using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Tests.Runtime;

namespace Blauwdruk.Engine.Tests.Handover;

/// <summary>
/// The meldrecht (Wmo 2015 art. 5.2.6) toward Veilig Thuis, in Rotterdam-Zuid's pathway: only within the
/// Meldcode, addressed to the Veilig Thuis of the client's municipality, and never a key to the JGZ handover.
/// </summary>
public class LegalGroundTests : PathwayTest
{
    private static readonly Actor Lead = new("af-1", ["aandachtsfunctionaris"], Practice);

    public LegalGroundTests() => GivenOperationalPathway("rijnmond-zuid");

    [Fact]
    public void The_meldrecht_toward_veilig_thuis_holds_only_within_the_meldcode()
    {
        Start();
        var meldrecht = new RecordLegalGround(ShareRecipient.VeiligThuis, LegalBasis.Meldrecht, "Melding over acute onveiligheid van het ongeboren kind") { By = Lead };

        var outside = Try(meldrecht);
        Assert.Equal(RejectionKind.Conflict, outside.Rejection?.Kind);
        Assert.Contains("start eerst de Meldcode", outside.Rejection!.Message, StringComparison.Ordinal);

        Raise("safety-concern");
        Given(meldrecht);

        var recorded = Assert.IsType<LegalGroundRecorded>(Events[0]);
        Assert.Equal(Definition.FindOrganisation("veilig-thuis-rr")!.ActorId, recorded.Recipient);
        Assert.Equal("Meldrecht, art. 5.2.6 Wmo 2015", recorded.Ground);
        Assert.Null(State!.GrantFor(HandoverKind.Prenatal, HandoverReadiness.RecipientOf(Definition, State)!, Clock.GetUtcNow()));
    }

    [Fact]
    public void A_conflict_of_duties_is_not_the_ground_toward_veilig_thuis_and_a_handover_kind_only_belongs_to_the_jgz()
    {
        Start();
        Raise("safety-concern");

        var toVeiligThuis = Try(new RecordLegalGround(ShareRecipient.VeiligThuis, LegalBasis.ConflictOfDuties, "Melding") { By = Lead });
        var gpWithKind = Try(new RecordLegalGround(ShareRecipient.Huisarts, LegalBasis.ConflictOfDuties, "Overdracht") { By = Lead, Kind = HandoverKind.Postnatal });
        var gpMeldrecht = Try(new RecordLegalGround(ShareRecipient.Huisarts, LegalBasis.Meldrecht, "Overdracht") { By = Lead });

        Assert.Contains("het meldrecht (art. 5.2.6 Wmo 2015) de grondslag", toVeiligThuis.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal(RejectionKind.Invalid, gpWithKind.Rejection?.Kind);
        Assert.Contains("niet aan de huisarts", gpMeldrecht.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_grounds_valid_for_a_recipient_are_offered()
    {
        Assert.Equal([LegalBasis.Meldrecht], LegalGrounds.ValidFor(ShareRecipient.VeiligThuis));
        Assert.All(new[] { ShareRecipient.Jgz, ShareRecipient.Huisarts, ShareRecipient.SocialDomain },
            recipient => Assert.Equal([LegalBasis.ConflictOfDuties], LegalGrounds.ValidFor(recipient)));
        Assert.All(Enum.GetValues<ShareRecipient>(), recipient =>
            Assert.All(LegalGrounds.ValidFor(recipient), basis => Assert.Null(LegalGrounds.Refusal(recipient, basis))));
    }

    [Fact]
    public void Within_the_meldcode_the_escalation_goes_to_the_aandachtsfunctionaris_the_raising_organisation_names()
    {
        var caseManager = new Actor("zc-1", ["zorgcoordinator"], "ura:90000100");
        Start();
        Assert.Equal(Practice, State!.CareTeam["aandachtsfunctionaris"]); // the lead's own, outside the route
        Raise("safety-concern", by: caseManager);
        Complete("VT_SIGNALS", by: caseManager);
        Complete("VT_CONSULT", "advies-vastgelegd", caseManager);
        Complete("VT_TALK", "gevoerd", caseManager);
        Complete("VT_WEIGH", by: caseManager);
        Given(new CompleteTask(OpenTask("VT_DECIDE").Id, "melden") { By = caseManager, Resources = [Afwegingskader.Report] });
        Complete("VT_REPORT", by: caseManager);

        Clock.Advance(Days(8));
        Given(new Tick { By = Tick.System });

        var escalated = Assert.IsType<TaskEscalated>(Assert.Single(Events, e => e is TaskEscalated));
        Assert.Equal(("aandachtsfunctionaris", "ura:90000102"), (escalated.Role, escalated.OrganisationId));
    }
}
