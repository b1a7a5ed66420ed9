namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The identifier and code systems a handover names: the Dutch national ones (BSN, URA, AGB), the
/// terminologies (LOINC, SNOMED CT), and Blauwdruk's own for what has no national system.
/// </summary>
public static class NamingSystems
{
    public const string Bsn = "http://fhir.nl/fhir/NamingSystem/bsn";
    public const string Ura = "http://fhir.nl/fhir/NamingSystem/ura";
    public const string Agb = "http://fhir.nl/fhir/NamingSystem/agb-z";
    public const string Uzi = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers";
    public const string Big = "http://fhir.nl/fhir/NamingSystem/big";
    public const string Newborn = "https://fhir.blauwdruk.nl/NamingSystem/newborn";

    /// <summary>The temporary identifier of a client without a BSN (yet); replaced by the BSN once it is known.</summary>
    public const string TemporaryClient = "https://fhir.blauwdruk.nl/NamingSystem/temporary-client-identifier";
    public const string Organisation = "https://fhir.blauwdruk.nl/NamingSystem/organisation";
    public const string User = "https://fhir.blauwdruk.nl/NamingSystem/user";
    public const string Preview = "https://fhir.blauwdruk.nl/NamingSystem/handover-preview";
    public const string RiskFactor = "https://fhir.blauwdruk.nl/CodeSystem/risk-factor";
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
}
