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
}
