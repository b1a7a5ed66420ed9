using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The Nictiz nl-core (zib2020) profiles a handover's resources declare (DOMAIN.md §4.4a), and the data
/// types as those profiles shape them: names, addresses, phone numbers and e-mail addresses.
/// </summary>
internal static class NlCore
{
    private const string Base = "http://nictiz.nl/fhir/StructureDefinition/";

    public const string Patient = "nl-core-Patient";
    public const string ContactPerson = "nl-core-ContactPerson";
    public const string Practitioner = "nl-core-HealthProfessional-Practitioner";
    public const string PractitionerRole = "nl-core-HealthProfessional-PractitionerRole";
    public const string Organization = "nl-core-HealthcareProvider-Organization";
    public const string CareTeam = "nl-core-CareTeam";
    public const string Pregnancy = "nl-core-Pregnancy";
    public const string EstimatedDateOfDelivery = "nl-core-Pregnancy.EstimatedDateOfDelivery";
    public const string Gravidity = "nl-core-Pregnancy.Gravidity";
    public const string Parity = "nl-core-Pregnancy.Parity";
    public const string TobaccoUse = "nl-core-TobaccoUse";
    public const string AlcoholUse = "nl-core-AlcoholUse";
    public const string DrugUse = "nl-core-DrugUse";
    public const string BodyWeight = "nl-core-BodyWeight";
    public const string HeadCircumference = "nl-core-HeadCircumference";
    public const string Apgar1 = "nl-core-ApgarScore-1Minute";
    public const string Apgar5 = "nl-core-ApgarScore-5Minute";
    public const string FeedingPatternInfant = "nl-core-FeedingPatternInfant";
    public const string Problem = "nl-core-Problem";
    public const string Alert = "nl-core-Alert";
    public const string Referral = "nl-core-Procedure-request";

    /// <summary>The canonical URL of a profile. Resources without an nl-core profile (Composition, Consent, Provenance, CarePlan, Goal) conform to base R4.</summary>
    public static string Url(string profile) => Base + profile;

    /// <summary>An official name as nl-core-NameInformation has it: given names qualified as birth names, the family name as own name.</summary>
    public static HumanName Name(string given, string family)
    {
        var name = new HumanName { Use = HumanName.NameUse.Official, Family = family, Text = $"{given} {family}" };
        name.FamilyElement.AddExtension("http://hl7.org/fhir/StructureDefinition/humanname-own-name", new FhirString(family));
        var first = new FhirString(given);
        first.AddExtension("http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier", new Code("BR"));
        name.GivenElement.Add(first);
        return name;
    }

    /// <summary>A person known by one line ("Anouk de Vries"): the first word as given name, the rest as family name.</summary>
    public static HumanName Name(string fullName)
    {
        var space = fullName.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? new HumanName { Use = HumanName.NameUse.Official, Text = fullName } : Name(fullName[..space], fullName[(space + 1)..]);
    }

    /// <summary>A Dutch home address as nl-core-AddressInformation has it: street and house number as parts of the line.</summary>
    public static Address Address(PostalAddress address)
    {
        var line = new FhirString($"{address.Street} {address.HouseNumber}");
        line.AddExtension("http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetName", new FhirString(address.Street));
        line.AddExtension("http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber", new FhirString(address.HouseNumber));
        var result = new Address
        {
            Use = Hl7.Fhir.Model.Address.AddressUse.Home,
            Type = Hl7.Fhir.Model.Address.AddressType.Both,
            City = address.City,
            PostalCode = address.Postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            Country = "Nederland",
        };
        result.LineElement.Add(line);
        return result;
    }

    /// <summary>
    /// A phone number as nl-core-ContactInformation-TelephoneNumbers has it: use is home or work (never FHIR's
    /// mobile); a mobile number says so with the code specification MC on the system.
    /// </summary>
    public static ContactPoint Phone(string number, ContactPoint.ContactPointUse use)
    {
        var mobile = use == ContactPoint.ContactPointUse.Mobile;
        var phone = new ContactPoint(ContactPoint.ContactPointSystem.Phone, mobile ? ContactPoint.ContactPointUse.Home : use, number);
        if (mobile)
        {
            phone.SystemElement.AddExtension("http://nictiz.nl/fhir/StructureDefinition/ext-CodeSpecification",
                new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-AddressUse", "MC", "mobile contact"));
        }

        return phone;
    }

    public static ContactPoint Email(string address) =>
        new(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Home, address);
}
