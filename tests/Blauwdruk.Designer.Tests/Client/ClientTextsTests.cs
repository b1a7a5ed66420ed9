using Blauwdruk.Engine.Clients;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Designer.Tests.Client;

/// <summary>
/// Every text we wrote for the client is B1 Dutch (Flesch–Douma ≥ 60, sentences of 15 words or fewer on
/// average; <see cref="Readability"/>) and free of the system's words: what each part of her handover holds
/// and what leaving it out means, and what each step of the standard means for her.
/// </summary>
public class ClientTextsTests
{
    public static TheoryData<string, string> Texts()
    {
        var texts = new TheoryData<string, string>
        {
            { "always", ClientTexts.AlwaysShared },
            { "required", ClientTexts.Required },
            { "own-words", ClientTexts.OwnWordsHint },
        };
        foreach (var (part, text) in ClientTexts.Parts)
        {
            texts.Add($"{part}.what", text.What);
            texts.Add($"{part}.if-left-out", text.IfLeftOut);
        }

        var standard = PathwayReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk", "blauwdruk.yaml")).Definition!;
        foreach (var step in standard.Steps.Where(s => s.ClientText is not null))
        {
            texts.Add($"step {step.Id}", step.ClientText!);
        }

        return texts;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Her_texts_are_plain_dutch_without_the_systems_words(string where, string text)
    {
        var score = Readability.Measure(text);

        Assert.True(score.IsB1, $"{where}: Flesch–Douma {score.FleschDouma:F0}, {score.AverageSentenceLength:F1} words a sentence: {text}");
        Assert.Empty(Readability.Violations(text));
    }

    [Fact]
    public void Every_step_she_can_see_in_the_standard_has_a_text_for_her_and_no_step_of_the_meldcode_has_one()
    {
        var standard = PathwayReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "pathways", "blauwdruk", "blauwdruk.yaml")).Definition!;

        Assert.All(standard.Steps.Where(s => s.Within is null && s.Kind is StepKind.Task or StepKind.Handover), s => Assert.NotNull(s.ClientText));
        Assert.All(standard.Steps.Where(s => s.Within == "meldcode"), s => Assert.Null(s.ClientText));
    }
}
