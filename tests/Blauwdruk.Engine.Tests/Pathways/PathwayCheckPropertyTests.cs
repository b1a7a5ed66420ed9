using System.Text;
using Blauwdruk.Engine.Pathways;
using CsCheck;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>
/// Random pathway graphs through the reader and its checks: it never throws, and every graph it
/// accepts has every step reachable and an end reachable from every step.
/// </summary>
public class PathwayCheckPropertyTests
{
    private static readonly string[] Kinds = ["task", "task", "decision", "parallel", "join", "merge", "end", "wait"];

    /// <summary>
    /// A random pathway of 2 to 12 steps with random kinds and arrows, valid or not. Most arrows go
    /// forward and the last step is usually an end, so that a fair share is valid; one arrow in five
    /// goes anywhere, which makes loops, dead ends and unreachable steps.
    /// </summary>
    private static readonly Gen<string> RandomPathway =
        from count in Gen.Int[2, 12]
        from kinds in Gen.Int[0, Kinds.Length - 1].Array[count]
        from first in Gen.Int[0, count - 1].Array[count]
        from second in Gen.Int[0, count - 1].Array[count]
        from wild in Gen.Int[0, 4].Array[count]
        from branching in Gen.Bool.Array[count]
        from lastIsEnd in Gen.Int[0, 9]
        select Yaml(count, Ending(kinds, lastIsEnd > 0), Aim(first, wild), Aim(second, wild), branching);

    private static int[] Ending(int[] kinds, bool lastIsEnd)
    {
        var result = (int[])kinds.Clone();
        if (lastIsEnd)
        {
            result[^1] = Array.IndexOf(Kinds, "end");
        }

        return result;
    }

    private static int[] Aim(int[] targets, int[] wild) =>
        targets.Select((target, i) => wild[i] == 0 || i == targets.Length - 1 ? target : Math.Min(targets.Length - 1, i + 1 + (target % 3))).ToArray();

    private static string Yaml(int count, int[] kinds, int[] first, int[] second, bool[] branching)
    {
        var yaml = new StringBuilder("""
            id: willekeurig
            version: 1.0.0
            title: Willekeurig
            roles:
              - id: verloskundige
                label: Verloskundige
            facts:
              - id: x
                label: X
                expression: "%record.count()"
            start: S0
            signals:
              - id: geboorte
                label: Geboorte
            steps:

            """);
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[kinds[i]];
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - id: S{i}\n    kind: {kind}\n    label: Stap {i}\n");
            switch (kind)
            {
                case "task" when branching[i]:
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"    role: verloskundige\n    outcomes:\n      - id: ja\n        label: Ja\n    transitions:\n      - to: S{first[i]}\n        outcome: ja\n      - to: S{second[i]}\n        default: true\n");
                    break;
                case "task":
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    role: verloskundige\n    deadline: P{i + 1}D\n    next: S{first[i]}\n");
                    break;
                case "decision":
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"    transitions:\n      - to: S{first[i]}\n        when: \"%x > 1\"\n      - to: S{second[i]}\n        default: true\n");
                    break;
                case "parallel":
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    branches: [S{first[i]}, S{second[i]}]\n");
                    break;
                case "wait":
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    event: geboorte\n    next: S{first[i]}\n");
                    break;
                case "join" or "merge":
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    next: S{first[i]}\n");
                    break;
            }
        }

        return yaml.ToString();
    }

    [Fact]
    public void The_checker_never_throws_and_accepted_graphs_are_sound()
    {
        var accepted = 0;
        RandomPathway.Sample(yaml =>
        {
            var result = PathwayReader.Read(yaml, "willekeurig.yaml");
            if (!result.IsValid)
            {
                Assert.NotEmpty(result.Errors);
                return;
            }

            accepted++;
            var definition = result.Definition!;
            var steps = definition.Steps.ToDictionary(s => s.Id);
            var reachable = Reach([definition.StartStepId], steps);
            Assert.True(steps.Keys.All(reachable.Contains), "unreachable step in an accepted pathway:\n" + yaml);
            foreach (var step in definition.Steps)
            {
                Assert.True(Reach([step.Id], steps).Any(id => steps[id].Kind == StepKind.End), $"no end from {step.Id} in an accepted pathway:\n" + yaml);
            }
        }, iter: 3000);

        // The generator must also produce valid pathways, or the second property tests nothing.
        Assert.True(accepted > 50, $"only {accepted} of 3000 random pathways were valid");
    }

    [Fact]
    public void Mangled_yaml_never_makes_the_reader_throw()
    {
        var standard = File.ReadAllText(TestPathways.StandardFile);
        var mangle =
            from position in Gen.Int[0, standard.Length - 1]
            from length in Gen.Int[0, 40]
            from insert in Gen.String[Gen.Char["abc:-[]{}\n '\"%&*!|>PD0123456789"], 0, 12]
            select standard[..position] + insert + standard[Math.Min(standard.Length, position + length)..];

        mangle.Sample(yaml =>
        {
            var result = PathwayReader.Read(yaml, "blauwdruk.yaml");
            Assert.True(result.IsValid || result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
        }, iter: 300);
    }

    /// <summary>Reachability computed here, independently of the checker.</summary>
    private static HashSet<string> Reach(IEnumerable<string> from, Dictionary<string, StepDefinition> steps)
    {
        var seen = new HashSet<string>();
        var pending = new Queue<string>(from);
        while (pending.TryDequeue(out var id))
        {
            if (seen.Add(id))
            {
                foreach (var next in steps[id].Successors)
                {
                    pending.Enqueue(next);
                }
            }
        }

        return seen;
    }
}
