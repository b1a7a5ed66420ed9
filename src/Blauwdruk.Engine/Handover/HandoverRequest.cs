using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The mother as the handover names her, and how the JGZ reaches her and her family. Kept outside the
/// pathway state, which never holds the BSN or contact data: stored encrypted beside the instance. A
/// woman without a BSN (yet), e.g. undocumented or newly arrived, has <see cref="Bsn"/> null: the
/// handover names her by a temporary identifier until the BSN is recorded. Contact data not recorded
/// (null) are said to be unknown in the handover, never guessed.
/// </summary>
public sealed record ClientIdentity(string? Bsn, string FamilyName, string GivenName, DateOnly BirthDate)
{
    /// <summary>The temporary identifier of a client without a BSN: derived from her pathway, the same in every document.</summary>
    public static string TemporaryIdentifier(Guid instanceId) => $"TK-{DeterministicGuid.From($"{instanceId}/temporary-identifier"):N}"[..15].ToUpperInvariant();

    /// <summary>Where she lives (BDS JGZ 661–666).</summary>
    public PostalAddress? Address { get; init; }

    /// <summary>Her phone number (BDS JGZ 736) and e-mail address (738).</summary>
    public string? Phone { get; init; }

    public string? Email { get; init; }

    /// <summary>The language spoken at home (BDS JGZ 1191), and whether an interpreter is needed.</summary>
    public string? Language { get; init; }

    public bool? InterpreterNeeded { get; init; }

    /// <summary>The partner, and whether the partner has (or will have) parental authority (BDS JGZ 62, 631).</summary>
    public RelatedContact? Partner { get; init; }

    /// <summary>Her general practitioner (BDS JGZ 31, the GP's practice and number).</summary>
    public RelatedContact? GeneralPractitioner { get; init; }

    /// <summary>The other children in the household (BDS JGZ 607, 73–78), e.g. "twee, 3 en 6 jaar"; null when not asked.</summary>
    public string? OtherChildren { get; init; }

    /// <summary>The children once born: name and BSN when known (BDS JGZ 2–7).</summary>
    public IReadOnlyList<ChildIdentity> Children { get; init; } = [];
}

/// <summary>A Dutch address (BDS JGZ 661–666).</summary>
public sealed record PostalAddress(string Street, string HouseNumber, string Postcode, string City);

/// <summary>A person or practice the JGZ may contact: the partner, the GP.</summary>
public sealed record RelatedContact(string Name, string? Phone)
{
    /// <summary>Partner: whether they have (or will have, after acknowledging the child) parental authority.</summary>
    public bool? ParentalAuthority { get; init; }
}

/// <summary>A newborn as the handover names it: by number, with given and family name and BSN once known.</summary>
public sealed record ChildIdentity(int Number, string? GivenName, string? FamilyName, string? Bsn);

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

    /// <summary>The legal ground as the law names it, and the reason, when there is no consent.</summary>
    public string? LegalGround { get; init; }

    public string? Reason { get; init; }

    /// <summary>Under a conflict of duties: the weighing, whose data are the only parts that leave.</summary>
    public ConflictOfDutiesWeighing? Weighing { get; init; }

    /// <summary>A consent: the parts she left out (they do not leave), her own words, who consented for the child, and whether she gave it herself.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public string? OwnWords { get; init; }
    public ConsentGiver? ChildConsent { get; init; }
    public bool ByClient { get; init; }

    /// <summary>
    /// Whether a part of the handover (<see cref="HandoverDocument.Parts"/>) may leave under this grant: under
    /// consent every part she did not leave out, under a weighed conflict of duties only the parts it names.
    /// </summary>
    public bool Covers(string part) => Consent ? !LeftOut.Contains(part) : Weighing?.Data.Contains(part) == true;

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
            LeftOut = grant.LeftOut,
            OwnWords = grant.OwnWords,
            ChildConsent = grant.ChildConsent,
            ByClient = grant.ByClient,
            LegalGround = grant.Ground,
            Reason = grant.Reason,
            Weighing = grant.Weighing,
        };
    }

    /// <summary>Who hands over in a preview the client herself opens: her lead practice, as no professional is signed in.</summary>
    public static Actor PracticeOf(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Actor("zorgpad", [], state.LeadOrganisation);
    }

    /// <summary>The grant a preview is built with: the consent the preview asks for, with what she chose so far.</summary>
    public static HandoverGrant Preview(Actor by, DateTimeOffset now, IReadOnlyList<string>? leftOut = null, string? ownWords = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        return new()
        {
            Consent = true, Pending = true, RecordedBy = by.UserId, RecordedByOrganisation = by.OrganisationId, RecordedAt = now,
            LeftOut = leftOut ?? [], OwnWords = ownWords,
        };
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
