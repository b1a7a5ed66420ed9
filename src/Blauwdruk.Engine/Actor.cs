namespace Blauwdruk.Engine;

/// <summary>The authenticated person who gives a command: who, in which role(s), for which organisation.</summary>
public sealed record Actor(string UserId, IReadOnlyList<string> Roles, string OrganisationId)
{
    /// <summary>The responsible professional this user acts for, when not themselves (recorded in the access log).</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The region (VSV) the user works for, from the token; decides whose operational pathway a coordinator may change.</summary>
    public string? Region { get; init; }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
