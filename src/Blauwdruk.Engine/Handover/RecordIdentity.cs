using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Record (or correct) who the client is: BSN, name and birth date, as checked at the ID_BSN step. A
/// client without a BSN (yet) is recorded without one and named by a temporary identifier; recording
/// her BSN later replaces it. The journal only learns that it happened (and whether there was a BSN);
/// the identity itself is stored encrypted beside the instance and decrypted only to build a handover.
/// </summary>
public sealed record RecordIdentity(ClientIdentity Identity) : InstanceCommand
{
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
        return identity.BirthDate > today.AddYears(-10) || identity.BirthDate < today.AddYears(-70)
            ? "De geboortedatum van de cliënt ligt niet tussen 10 en 70 jaar geleden."
            : null;
    }

    /// <summary>The BSN's eleven test: 9 digits, 9×d1 + 8×d2 + … + 2×d8 − d9 divisible by 11.</summary>
    public static bool IsValidBsn(string? bsn)
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
