using Blauwdruk.Engine.Conformance;

namespace Blauwdruk.Engine.Tests.Conformance;

/// <summary>One validator for the whole test run: snapshots are generated once and cached on disk.</summary>
internal static class TestValidator
{
    private static readonly Lazy<NlCoreValidator> Validator = new(() => NlCoreValidator.Create(
        cacheDirectory: Environment.GetEnvironmentVariable(NlCoreValidator.SnapshotCacheVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "blauwdruk-fhir-snapshots-tests")));

    public static NlCoreValidator Shared => Validator.Value;
}
