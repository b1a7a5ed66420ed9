using System.Text.Json.Serialization;

namespace Blauwdruk.Engine.Pathways;

/// <summary>An organisation in a region (practice, hospital, kraamzorg, JGZ, wijkteam, Veilig Thuis).</summary>
public sealed record OrganisationDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>URA number (UZI register), for authorisation and the FHIR Organization identifier.</summary>
    public string? Ura { get; init; }

    /// <summary>AGB code (Vektis).</summary>
    public string? Agb { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The CBS codes of the municipalities it serves; empty means all of the region.</summary>
    public IReadOnlyList<string> Municipalities { get; init; } = [];

    /// <summary>
    /// The organisation whose aandachtsfunctionaris (huiselijk geweld en kindermishandeling) its
    /// professionals consult in the Meldcode, when it has none of its own; null when it holds the role itself.
    /// Left out of the JSON when null, so the content hash of a version written before the field stays the same.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Aandachtsfunctionaris { get; init; }

    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }

    /// <summary>An address per role for notifications (the aandachtsfunctionaris's own mailbox); null when the overlay gives none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? RoleEmails { get; init; }

    /// <summary>False when the region switched e-mail notifications to this organisation off; null (the default) is on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EmailNotifications { get; init; }

    /// <summary>How users of this organisation are known in their tokens: <c>ura:</c> and the URA number, else the id.</summary>
    public string ActorId => Ura is null ? Id : $"ura:{Ura}";
}

/// <summary>A municipality of the region, with the organisations a client there is handed to.</summary>
public sealed record MunicipalityDefinition
{
    /// <summary>CBS code, e.g. GM0599.</summary>
    public required string Code { get; init; }
    public required string Name { get; init; }

    /// <summary>The JGZ organisation that receives the handovers.</summary>
    public string? Jgz { get; init; }

    /// <summary>The wijkteam or Centrum voor Jeugd en Gezin.</summary>
    public string? Wijkteam { get; init; }

    /// <summary>The Veilig Thuis organisation a report about a client in this municipality goes to.</summary>
    public string? VeiligThuis { get; init; }
}

/// <summary>A local organisation a referral step can refer to.</summary>
public sealed record ReferralOption(string Organisation, string Label, string? Instructions);
