using Blauwdruk.Engine.Conformance;

namespace Blauwdruk.Engine.Tests.Conformance;

/// <summary>One validator for the whole test run, as a host has one: its snapshots come from the build's shipped set (or are generated once and cached).</summary>
internal static class TestValidator
{
    private static readonly Lazy<NlCoreValidator> Validator = new(() => NlCoreValidator.Create());

    public static NlCoreValidator Shared => Validator.Value;
}
