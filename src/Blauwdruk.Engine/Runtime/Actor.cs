namespace Blauwdruk.Engine.Runtime;

/// <summary>The authenticated person who gives a command: who, in which role(s), for which organisation.</summary>
public sealed record Actor(string UserId, IReadOnlyList<string> Roles, string OrganisationId)
{
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
