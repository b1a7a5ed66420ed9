using System.Text.RegularExpressions;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Record (or correct) who the client is: BSN, name and birth date, as checked at the ID_BSN step. A
/// client without a BSN (yet) is recorded without one and named by a temporary identifier; recording
/// her BSN later replaces it. The journal only learns that it happened (and whether there was a BSN);
/// the identity itself is stored encrypted beside the instance and decrypted only to build a handover.
/// </summary>
public sealed partial record RecordIdentity(ClientIdentity Identity) : InstanceCommand
{
    /// <summary>Another active pathway of the lead organisation whose client has this BSN, looked up before the decision.</summary>
    internal Guid? Existing { get; init; }

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt de identiteit van de cliënt vast.");
        }

        if (Problem(Identity, now) is { } problem)
        {
            return Decision.Reject(RejectionKind.Invalid, problem);
        }

        if (Existing is { } existing && existing != state.Id)
        {
            return Decision.Reject(new Rejection(RejectionKind.Conflict,
                "Dit BSN hoort bij een cliënt die in uw organisatie al een lopend traject heeft; controleer het BSN, of ga verder in dat traject en sluit dit traject.")
            { ExistingInstanceId = existing });
        }

        return Decision.Accept([new ClientIdentified { At = now, By = By.UserId, WithoutBsn = Identity.Bsn is null }]);
    }

    /// <summary>What is wrong with an identity, in Dutch (never repeating the BSN); null when it is valid.</summary>
    public static string? Problem(ClientIdentity identity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Bsn is not null && !IsValidBsn(identity.Bsn))
        {
            return "Het BSN is geen geldig burgerservicenummer: 9 cijfers die de elfproef doorstaan.";
        }

        if (string.IsNullOrWhiteSpace(identity.FamilyName) || string.IsNullOrWhiteSpace(identity.GivenName)
            || identity.FamilyName.Length > 100 || identity.GivenName.Length > 100)
        {
            return "Vul de achternaam en de voornaam in (elk hoogstens 100 tekens).";
        }

        var today = DutchWorkingDays.DateOf(now);
        if (identity.BirthDate > today.AddYears(-10) || identity.BirthDate < today.AddYears(-70))
        {
            return "De geboortedatum van de cliënt ligt niet tussen 10 en 70 jaar geleden.";
        }

        return ContactProblem(identity);
    }

    /// <summary>What is wrong with the contact data, in Dutch without repeating them; null when they are valid or not given.</summary>
    private static string? ContactProblem(ClientIdentity identity)
    {
        if (identity.Address is { } address)
        {
            if (new[] { address.Street, address.HouseNumber, address.City }.Any(string.IsNullOrWhiteSpace)
                || address.Street.Length > 100 || address.HouseNumber.Length > 20 || address.City.Length > 100)
            {
                return "Vul bij het adres de straat, het huisnummer en de woonplaats in (straat en woonplaats elk hoogstens 100 tekens).";
            }

            if (!DutchPostcode().IsMatch(address.Postcode ?? ""))
            {
                return "De postcode is geen Nederlandse postcode: vier cijfers en twee letters, zoals 3072 AB.";
            }
        }

        if (new[] { identity.Phone, identity.Partner?.Phone, identity.GeneralPractitioner?.Phone }.Any(p => p is not null && !PhoneNumber().IsMatch(p)))
        {
            return "Een telefoonnummer bestaat uit 10 tot 15 cijfers, eventueel met +, spaties of streepjes (bijvoorbeeld 06-12345678).";
        }

        if (identity.Email is { } email && (email.Length > 200 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            return "Het e-mailadres is niet geldig (bijvoorbeeld naam@voorbeeld.nl).";
        }

        if (new[] { identity.Language, identity.OtherChildren, identity.Partner?.Name, identity.GeneralPractitioner?.Name }.Any(t => t is { Length: > 200 })
            || new[] { identity.Partner?.Name, identity.GeneralPractitioner?.Name }.Any(t => t is not null && string.IsNullOrWhiteSpace(t)))
        {
            return "Vul bij de partner en de huisarts een naam in; taal, namen en de andere kinderen zijn elk hoogstens 200 tekens.";
        }

        if (identity.Children.Any(c => c.Bsn is not null && !IsValidBsn(c.Bsn)))
        {
            return "Het BSN van het kind is geen geldig burgerservicenummer: 9 cijfers die de elfproef doorstaan.";
        }

        return identity.Children.Any(c => c.Number < 1 || c.GivenName is { Length: > 100 } || c.FamilyName is { Length: > 100 }) || identity.Children.DistinctBy(c => c.Number).Count() != identity.Children.Count
            ? "Elk kind staat één keer in de gegevens, met zijn nummer (1, 2, …) en namen van hoogstens 100 tekens."
            : null;
    }

    [GeneratedRegex(@"^[1-9][0-9]{3} ?[A-Za-z]{2}$")]
    private static partial Regex DutchPostcode();

    [GeneratedRegex(@"^\+?(?:[0-9][ -]?){9,14}[0-9]$")]
    private static partial Regex PhoneNumber();

    /// <summary>The BSN's eleven test: 9 digits, 9×d1 + 8×d2 + … + 2×d8 − d9 divisible by 11.</summary>
    public static bool IsValidBsn([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? bsn)
    {
        if (bsn is not { Length: 9 } || !bsn.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (bsn[i] - '0');
        }

        sum -= bsn[8] - '0';
        return sum % 11 == 0 && bsn != "000000000";
    }
}
