using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Blauwdruk.Engine.Rules;

/// <summary>
/// Evaluates a pathway's facts and conditions over an instance's record: the FHIR resources collected
/// so far (QuestionnaireResponses of screenings, Observations, Flags). Expressions were compiled when
/// the pathway was read; here they only run. The record is available as <c>%record</c>, each fact as
/// <c>%factId</c>.
/// </summary>
public sealed class RecordEvaluation
{
    private readonly FhirEvaluationContext _context;
    private readonly PocoNode _focus;

    public RecordEvaluation(PathwayDefinition definition, IEnumerable<Resource> record)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var resource in record)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        }

        _focus = bundle.ToPocoNode();
        _context = new FhirEvaluationContext();
        _context.Environment["record"] = bundle.Entry.Select(e => e.Resource!.ToPocoNode()).ToList();
        foreach (var setting in definition.Settings)
        {
            _context.Environment[setting.Id] = [new Integer(setting.Value).ToPocoNode()];
        }

        Facts = new Dictionary<string, IReadOnlyList<object?>>();
        foreach (var fact in definition.Facts)
        {
            var values = fact.Compiled(_focus, _context).ToList();
            _context.Environment[fact.Id] = values;
            Facts[fact.Id] = values.Select(Value).ToList();
        }
    }

    /// <summary>Each fact's values, as plain .NET values (bool, long, decimal, string, …).</summary>
    public Dictionary<string, IReadOnlyList<object?>> Facts { get; }

    /// <summary>Whether a condition holds: it must yield exactly <c>true</c>; empty or false does not hold.</summary>
    public bool Holds(CompiledExpression condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var result = condition(_focus, _context).ToList();
        return result.Count == 1 && Value(result[0]) is true;
    }

    private static object? Value(PocoNode node) => node.Poco is PrimitiveType primitive ? primitive.JsonValue : node.Poco;
}
