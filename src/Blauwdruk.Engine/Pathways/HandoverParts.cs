namespace Blauwdruk.Engine.Pathways;

/// <summary>The parts of a handover document, which a consent covers and a handover step can require.</summary>
public static class HandoverParts
{
    /// <summary>
    /// The parts of a handover a consent covers and a weighed conflict of duties can name, each by id.
    /// The client's identification and the ground always go: without them the JGZ can neither link the
    /// document to its file nor judge why it may hold it.
    /// </summary>
    public static readonly IReadOnlyList<HandoverPart> All =
    [
        new("contact", "Contactgegevens, gezin en huisarts"),
        new("zwangerschap", "Zwangerschap"),
        new("geboorte", "Bevalling, kind en kraamperiode"),
        new("psychosociaal", "Psychosociale risicofactoren"),
        new("zorgplan", "Zorgplan en verwijzingen"),
        new("zorgteam", "Zorgteam"),
        new("veilig-thuis", "Betrokkenheid van Veilig Thuis (alleen als die er is)"),
    ];
}

/// <summary>A part of a handover document that a grant can cover: its id and its Dutch title.</summary>
public sealed record HandoverPart(string Id, string Title);
