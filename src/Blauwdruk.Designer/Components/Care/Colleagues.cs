namespace Blauwdruk.Designer.Components.Care;

/// <summary>A professional of an organisation, with the roles she holds there.</summary>
public sealed record Colleague(string UserId, string Name, string OrganisationId, IReadOnlyList<string> Roles);

/// <summary>
/// The professionals the product knows by organisation, to give a task to. The identity provider is the
/// source of who works where; the product has no user register of its own. The host gives the directory
/// it has (in Development the demo users); without one the list is empty and the task page falls back on
/// the colleagues the client's journal names (who took on or completed a task of that role there).
/// </summary>
public sealed class Colleagues(IReadOnlyList<Colleague> known)
{
    public static readonly Colleagues None = new([]);

    /// <summary>The known professionals of an organisation.</summary>
    public IEnumerable<Colleague> Of(string organisationId) => known.Where(c => c.OrganisationId == organisationId);

    /// <summary>A known professional's name; null when the directory does not know her.</summary>
    public string? NameOf(string userId) => known.FirstOrDefault(c => c.UserId == userId)?.Name;
}
