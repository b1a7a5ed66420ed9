using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blauwdruk.Engine.Runtime;

/// <summary>How events and state snapshots are written to the database.</summary>
internal static class RuntimeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // PostgreSQL's jsonb reorders keys, so the event type may not come first.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Empty {typeof(T).Name}.");
}
