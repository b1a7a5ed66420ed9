using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Clients;

/// <summary>
/// What the client reads about her handover, in plain Dutch at language level B1 ("u", short sentences, no
/// codes): each part of the handover, what is in it, and what leaving it out means for the help of the
/// consultatiebureau (the JGZ, as she knows it). The tests measure these texts (Flesch–Douma).
/// </summary>
public static class ClientTexts
{
    /// <summary>A part of the handover as she reads it.</summary>
    public sealed record PartText(string Title, string What, string IfLeftOut);

    public static readonly IReadOnlyDictionary<string, PartText> Parts = new Dictionary<string, PartText>
    {
        ["contact"] = new("Uw adres, telefoon, gezin en huisarts",
            "Hier staat waar u woont en hoe de verpleegkundige u kan bellen. Ook wie er in uw gezin zijn, en wie uw huisarts is.",
            "Zonder deze gegevens kan de verpleegkundige u niet bellen. Zij kan dan ook niet bij u langs komen."),
        ["zwangerschap"] = new("Uw zwangerschap",
            "Hier staat hoe vaak u zwanger was. Ook welke medicijnen u neemt, en wanneer u bent uitgerekend.",
            "De verpleegkundige weet dan minder over uw zwangerschap. Zij vraagt er dan zelf naar."),
        ["geboorte"] = new("De bevalling, uw kind en de kraamweek",
            "Hier staat hoe de bevalling ging. Ook het gewicht van uw kind, de voeding en de hielprik.",
            "De verpleegkundige moet dan alles opnieuw vragen. Zij ziet dan minder snel of uw kind extra zorg nodig heeft."),
        ["psychosociaal"] = new("Hoe het met u gaat",
            "Hier staat wat uit de vragenlijst kwam. Die ging over hoe u zich voelt en over uw situatie thuis.",
            "De verpleegkundige weet dan niet waar u hulp bij kunt gebruiken. Zij kan u dan minder goed helpen."),
        ["zorgplan"] = new("Uw plan en uw hulp",
            "Hier staan de afspraken uit uw plan. Ook naar wie u bent verwezen.",
            "De verpleegkundige weet dan niet welke hulp u al heeft. Zij kan daar dan niet bij aansluiten."),
        ["zorgteam"] = new("Uw zorgverleners",
            "Hier staat wie u helpen. Bijvoorbeeld uw verloskundige en de kraamzorg.",
            "De verpleegkundige weet dan niet met wie zij kan overleggen."),
    };

    /// <summary>What always goes, and why.</summary>
    public const string AlwaysShared =
        "Uw naam, uw geboortedatum en uw burgerservicenummer gaan altijd mee. Zo weet het consultatiebureau wie u bent. "
        + "Ook staat erin wie de gegevens stuurt en dat u toestemming gaf.";

    public const string Required = "Dit deel is nodig. Zonder dit deel heeft de overdracht geen zin. U kunt wel de hele overdracht weigeren.";

    public const string OwnWordsHint =
        "Wilt u zelf iets vertellen aan de verpleegkundige? Schrijf het hier. Het gaat alleen mee als u toestemming geeft. Er staat bij dat u het zelf schreef.";

    /// <summary>The handover as she names it.</summary>
    public static string Handover(HandoverKind kind) => kind == HandoverKind.Prenatal ? "Gegevens voor het consultatiebureau, voor de geboorte" : "Gegevens voor het consultatiebureau, na de geboorte";

    /// <summary>A date as she reads it: "3 december".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM", Dutch);

    public static string Date(DateTimeOffset at) => Date(DutchWorkingDays.DateOf(at));

    public static string Moment(DateTimeOffset at) => $"{Date(at)} om {TimeZoneInfo.ConvertTime(at, DutchWorkingDays.Zone):HH:mm}";

    private static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>Who read her file, as she reads it: her midwife's practice, "u zelf".</summary>
    public static string Why(string purpose) => purpose switch
    {
        Access.Handover => "voor de overdracht aan het consultatiebureau",
        Access.ClientPurpose => "u keek zelf",
        _ => "voor uw zorg",
    };

    /// <summary>What was done, in words: reading or recording, her file or her handover.</summary>
    public static string What(string action, string resource)
    {
        var handover = resource.Contains("overdracht", StringComparison.OrdinalIgnoreCase) || resource.Contains("Handover", StringComparison.Ordinal)
            || resource.Contains("Bundle", StringComparison.Ordinal) || resource.Contains("Consent", StringComparison.Ordinal) || resource.Contains("handover", StringComparison.Ordinal);
        return (action, handover) switch
        {
            ("write", true) => "iets vastgelegd over uw overdracht",
            ("write", false) => "iets vastgelegd in uw dossier",
            (_, true) => "uw overdracht bekeken",
            _ => "uw gegevens bekeken",
        };
    }
}
