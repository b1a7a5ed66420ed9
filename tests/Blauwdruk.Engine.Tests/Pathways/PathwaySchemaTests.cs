using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>The JSON Schema editors use to check a pathway as it is typed agrees with the pathway files.</summary>
public class PathwaySchemaTests
{
    private static async Task<JsonSchema> Schema() =>
        await JsonSchema.FromFileAsync(Path.Combine(TestPathways.Directory, "schema", "pathway.schema.json"));

    /// <summary>YAML as the JSON an editor's YAML language server checks: plain true/false and numbers are typed.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p =>
            KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static string JsonOf(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToJson(stream.Documents[0].RootNode)!.ToJsonString();
    }

    public static TheoryData<string> PathwayFiles() => TestPathways.Files();

    [Theory]
    [MemberData(nameof(PathwayFiles))]
    public async Task Every_pathway_file_satisfies_the_schema(string file)
    {
        var errors = (await Schema()).Validate(JsonOf(await File.ReadAllTextAsync(Path.Combine(TestPathways.Directory, file))));

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task The_schema_catches_what_an_editor_should_underline()
    {
        var standard = await File.ReadAllTextAsync(TestPathways.StandardFile);
        var broken = standard
            .Replace("    deadline: P14D\n    next: ID_BSN", "    deadline: P1M\n    next: ID_BSN", StringComparison.Ordinal)
            .Replace("  - id: ID_BSN\n    kind: task", "  - id: ID_BSN\n    kind: taak", StringComparison.Ordinal);

        var errors = (await Schema()).Validate(JsonOf(broken)).Select(e => e.Path ?? "").ToList();

        // A month is not a valid duration (INTAKE, the first step); 'taak' is not a step kind (ID_BSN).
        Assert.Equal(["#/steps[0]", "#/steps[1]"], errors);
    }

    [Theory]
    [InlineData("rijnmond-zuid")]
    [InlineData("drechtsteden")]
    public async Task Every_example_overlay_satisfies_the_overlay_schema(string region)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestPathways.Directory, "schema", "overlay.schema.json"));

        var errors = schema.Validate(JsonOf(TestPathways.Region(region)));

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task The_overlay_schema_catches_a_misspelt_change()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestPathways.Directory, "schema", "overlay.schema.json"));
        var broken = TestPathways.Region("rijnmond-zuid").Replace("    - step: MDO\n      deadline: P14D", "    - step: MDO\n      termijn: P14D", StringComparison.Ordinal);

        var errors = schema.Validate(JsonOf(broken));

        // The second change (MDO) carries an unknown field.
        Assert.Equal(["#/steps.change[1]: ArrayItemNotValid"], errors.Select(e => $"{e.Path}: {e.Kind}"));
    }
}
