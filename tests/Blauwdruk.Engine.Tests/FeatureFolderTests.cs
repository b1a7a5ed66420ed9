using Blauwdruk.Engine.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Blauwdruk.Engine.Tests;

/// <summary>
/// A feature folder is deletable: no two of the engine's namespaces depend on each other, directly or
/// around a loop. The dependencies are read from the compiled IL (signatures, fields, attributes and
/// method bodies), so a fully qualified name or a <c>var</c> cannot hide one. Two namespaces are not
/// features and are left out: the root (the kernel types every feature uses, and the composition root
/// that registers them all) and <c>Storage</c> (the one DbContext, which names every feature's tables).
/// </summary>
public sealed class FeatureFolderTests
{
    private const string Engine = "Blauwdruk.Engine";
    private static readonly string[] NotFeatures = [Engine, $"{Engine}.Storage"];

    [Fact]
    public void No_two_feature_folders_depend_on_each_other()
    {
        var graph = Dependencies();
        var cycles = graph.Keys.Select(start => CycleFrom(start, graph)).OfType<string>().Distinct().ToList();
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_dependency_reader_sees_what_the_code_uses()
    {
        // Guards the test above: were the IL not read, it would pass on anything.
        var graph = Dependencies();
        Assert.Contains($"{Engine}.Pathways", graph[$"{Engine}.Runtime"]);
        Assert.Contains($"{Engine}.Runtime", graph[$"{Engine}.Handover"]);
        Assert.Contains($"{Engine}.Audit", graph[$"{Engine}.Runtime"]);
    }

    [Fact]
    public void The_runtime_does_not_know_the_handover_feature()
    {
        var graph = Dependencies();
        Assert.DoesNotContain($"{Engine}.Handover", graph[$"{Engine}.Runtime"]);
    }

    /// <summary>Feature namespace → the feature namespaces its types use.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        using var module = ModuleDefinition.ReadModule(typeof(InstanceRunner).Assembly.Location);
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in module.GetTypes())
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in Referenced(type).Select(FeatureOf).OfType<string>().Where(to => to != from))
            {
                uses.Add(used);
            }
        }

        return graph;
    }

    private static string? FeatureOf(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        var ns = type.Namespace;
        return ns.StartsWith(Engine, StringComparison.Ordinal) && !NotFeatures.Contains(ns) && !ns.StartsWith($"{Engine}.Storage.", StringComparison.Ordinal)
            && type.Scope.Name.StartsWith(Engine, StringComparison.Ordinal)
            ? ns
            : null;
    }

    private static List<TypeReference> Referenced(TypeDefinition type)
    {
        IEnumerable<TypeReference> Unwrap(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    yield break;
                case GenericInstanceType generic:
                    yield return generic.ElementType;
                    foreach (var argument in generic.GenericArguments.SelectMany(Unwrap))
                    {
                        yield return argument;
                    }

                    break;
                case TypeSpecification specification:
                    foreach (var inner in Unwrap(specification.ElementType))
                    {
                        yield return inner;
                    }

                    break;
                default:
                    yield return reference;
                    break;
            }
        }

        IEnumerable<TypeReference> OfMethod(MethodReference method) =>
            Unwrap(method.DeclaringType).Concat(Unwrap(method.ReturnType)).Concat(method.Parameters.SelectMany(p => Unwrap(p.ParameterType)))
                .Concat(method is GenericInstanceMethod generic ? generic.GenericArguments.SelectMany(Unwrap) : []);

        var found = new List<TypeReference>();
        found.AddRange(Unwrap(type.BaseType));
        found.AddRange(type.Interfaces.SelectMany(i => Unwrap(i.InterfaceType)));
        found.AddRange(type.CustomAttributes.SelectMany(a => Unwrap(a.AttributeType)));
        found.AddRange(type.Fields.SelectMany(f => Unwrap(f.FieldType)));
        found.AddRange(type.Properties.SelectMany(p => Unwrap(p.PropertyType)));
        foreach (var method in type.Methods)
        {
            found.AddRange(OfMethod(method));
            found.AddRange(method.CustomAttributes.SelectMany(a => Unwrap(a.AttributeType)));
            if (!method.HasBody)
            {
                continue;
            }

            found.AddRange(method.Body.Variables.SelectMany(v => Unwrap(v.VariableType)));
            foreach (var instruction in method.Body.Instructions)
            {
                found.AddRange(instruction.Operand switch
                {
                    TypeReference used => Unwrap(used),
                    MethodReference called => OfMethod(called),
                    FieldReference field => Unwrap(field.DeclaringType).Concat(Unwrap(field.FieldType)),
                    _ => [],
                });
            }
        }

        return found;
    }

    /// <summary>The shortest way back to <paramref name="start"/>, as "A → B → A"; null when there is none.</summary>
    private static string? CycleFrom(string start, Dictionary<string, HashSet<string>> graph)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var next in graph.GetValueOrDefault(at, []))
            {
                if (next == start)
                {
                    var path = new List<string> { at };
                    while (previous.TryGetValue(path[^1], out var back))
                    {
                        path.Add(back);
                    }

                    path.Reverse();
                    return string.Join(" → ", path.Append(start).Select(n => n[(Engine.Length + 1)..]));
                }

                if (next != start && previous.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }
}
