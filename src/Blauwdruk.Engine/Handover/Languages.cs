namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The languages most spoken at home by clients in Dutch birth care, by their Dutch name, with the ISO 639-1
/// code nl-core binds <c>Patient.communication.language</c> to (<c>urn:oid:1.0.639.1</c>). The form offers
/// these names; another language is kept as typed and named in the handover's text only.
/// </summary>
public static class Languages
{
    public const string System = "urn:oid:1.0.639.1";

    public static readonly IReadOnlyList<(string Name, string Code)> Common =
    [
        ("Nederlands", "nl"), ("Engels", "en"), ("Arabisch", "ar"), ("Turks", "tr"), ("Berbers (Tamazight)", "ber"),
        ("Pools", "pl"), ("Oekraïens", "uk"), ("Russisch", "ru"), ("Roemeens", "ro"), ("Bulgaars", "bg"),
        ("Tigrinya", "ti"), ("Somalisch", "so"), ("Farsi", "fa"), ("Dari", "prs"), ("Papiaments", "pap"),
        ("Sranantongo", "srn"), ("Spaans", "es"), ("Portugees", "pt"), ("Frans", "fr"), ("Duits", "de"),
        ("Chinees", "zh"), ("Hindi", "hi"), ("Urdu", "ur"), ("Koerdisch", "ku"),
    ];

    /// <summary>The code of a language by its Dutch name (case-insensitive); null for a language not listed.</summary>
    public static string? CodeOf(string name) =>
        Common.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)).Code;
}
