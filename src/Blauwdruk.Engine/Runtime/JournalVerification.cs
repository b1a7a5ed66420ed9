using System.Text.Json.Nodes;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>An instance whose stored state is not what its journal rebuilds, with the fields that differ.</summary>
public sealed record JournalMismatch(Guid InstanceId, IReadOnlyList<string> Differences);

/// <summary>
/// Rebuilds every instance from its journal and compares it with the stored snapshot: the journal is
/// the source of truth, so any difference is a defect (or tampering) to look into.
/// </summary>
public sealed class JournalVerification(BlauwdrukDbContext db)
{
    public async Task<(int Checked, IReadOnlyList<JournalMismatch> Mismatches)> VerifyAsync(CancellationToken cancellationToken)
    {
        var mismatches = new List<JournalMismatch>();
        // Ids first, then one instance at a time: PostgreSQL runs one command per connection at once.
        var ids = await db.Instances.AsNoTracking().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
            var events = await db.Journal.AsNoTracking()
                .Where(e => e.InstanceId == instance.Id)
                .OrderBy(e => e.Sequence)
                .Select(e => e.Data)
                .ToListAsync(cancellationToken);
            var replayed = Decider.Replay(events.Select(RuntimeJson.Deserialize<InstanceEvent>));
            var differences = Differences(
                JsonNode.Parse(instance.State),
                replayed is null ? null : JsonNode.Parse(RuntimeJson.Serialize(replayed)),
                "");
            if (differences.Count > 0)
            {
                mismatches.Add(new JournalMismatch(instance.Id, differences));
            }
        }

        return (ids.Count, mismatches);
    }

    /// <summary>The paths where two JSON documents differ (stored → rebuilt).</summary>
    private static List<string> Differences(JsonNode? stored, JsonNode? rebuilt, string path)
    {
        if (stored is JsonObject a && rebuilt is JsonObject b)
        {
            return a.Select(p => p.Key).Union(b.Select(p => p.Key))
                .SelectMany(key => Differences(a[key], b[key], $"{path}.{key}"))
                .ToList();
        }

        if (stored is JsonArray x && rebuilt is JsonArray y && x.Count == y.Count)
        {
            return x.Select((item, i) => Differences(item, y[i], $"{path}[{i}]")).SelectMany(d => d).ToList();
        }

        return JsonNode.DeepEquals(stored, rebuilt)
            ? []
            : [$"{(path.Length == 0 ? "(alles)" : path.TrimStart('.'))}: opgeslagen {Short(stored)}, uit het journaal {Short(rebuilt)}"];
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "ontbreekt";
        return text.Length > 80 ? text[..77] + "…" : text;
    }
}
