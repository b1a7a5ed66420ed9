namespace Blauwdruk.Engine;

/// <summary>The authenticated person who gives a command: who, in which role(s), for which organisation.</summary>
public sealed record Actor(string UserId, IReadOnlyList<string> Roles, string OrganisationId)
{
    /// <summary>The responsible professional this user acts for, when not themselves (recorded in the access log).</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The region (VSV) the user works for, from the token; decides whose operational pathway a coordinator may change.</summary>
    public string? Region { get; init; }

    /// <summary>Who the person is, as a handover names its author: from the token's name and professional claims.</summary>
    public Professional? Professional { get; init; }

    /// <summary>
    /// For a client signed in as herself: the pathway her verified BSN was matched to (never a reference she
    /// gave). Set only by the server after that match; null for every professional.
    /// </summary>
    public Guid? ClientOf { get; init; }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// A care professional as the token names them: name, and where known the UZI number, AGB code and BIG
/// registration, and a number that reaches them directly (OIDC <c>phone_number</c>).
/// </summary>
public sealed record Professional(string Name)
{
    public string? Uzi { get; init; }
    public string? Agb { get; init; }
    public string? Big { get; init; }
    public string? Phone { get; init; }
}

/// <summary>
/// A client signed in as herself through the identity provider (DigiD, brokered): the provider's
/// subject (a pseudonym), her verified BSN and the level of assurance of the sign-in. Never logged:
/// the access log names her by the subject.
/// </summary>
public sealed record ClientPerson(string Subject, string Bsn, string AssuranceLevel)
{
    /// <summary>The engine's actor for her on one of her pathways (matched on the BSN).</summary>
    public Actor On(Guid instanceId) => new(Subject, [Runtime.Access.ClientRole], "") { ClientOf = instanceId };

    /// <summary>She, before any pathway is matched: for the access log of a sign-in that matched none.</summary>
    public Actor Unmatched => new(Subject, [Runtime.Access.ClientRole], "");

    public override string ToString() => $"ClientPerson {{ Subject = {Subject} }}";
}
