using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// The content hash of a pathway definition: SHA-256 over a canonical JSON of everything that
/// changes what the pathway does (not where it was read from). Same inputs, same hash; a published
/// version is known by it, so a changed holiday calendar needs a new version too.
/// </summary>
public static class PathwayFingerprint
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.General)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Of(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var canonical = new
        {
            definition.Id,
            definition.Version,
            definition.Title,
            definition.Status,
            definition.Publisher,
            definition.Description,
            definition.DerivesFrom,
            definition.StartStepId,
            definition.Roles,
            Questionnaires = definition.Questionnaires.Select(q => new { q.Id, Resource = JsonSerializer.Serialize(q.Resource, Fhir) }),
            Facts = definition.Facts.Select(f => new { f.Id, f.Label, f.Expression }),
            Steps = definition.Steps.Select(s => s with { Transitions = s.Transitions.Select(t => t with { Condition = null }).ToList() }),
            definition.Subpathways,
            definition.Signals,
            definition.Organisations,
            definition.Municipalities,
        };

        // The default calendar is left out, so the hashes of versions published before pathways had a
        // calendar stay what they were (a changed hash stops the host at start); any other calendar counts.
        // Settings likewise: only a pathway that has them hashes them (with the region's values).
        object hashed = definition.WorkingDays == HolidayCalendar.Default ? canonical : new { Pathway = canonical, definition.WorkingDays };
        if (definition.Settings.Count > 0)
        {
            hashed = new { Pathway = hashed, definition.Settings };
        }

        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(hashed, Canonical));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
