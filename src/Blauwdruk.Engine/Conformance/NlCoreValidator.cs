using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Blauwdruk.Engine.Conformance;

/// <summary>
/// Validates FHIR resources, and handover documents as a whole, against base R4 and the Nictiz nl-core
/// (zib2020) profiles each resource declares in <c>meta.profile</c>, with Firely's validator. Make one per
/// process (<see cref="Create"/>) and share it: the first use of a profile costs its snapshot.
/// <para>
/// <b>Profiles and snapshots.</b> The profiles are differentials (fhir/README.md). A <see cref="SnapshotSource"/>
/// over the profile folder and specification.zip generates a snapshot when a profile is first used (lazily,
/// only the profiles a validation touches); each generated snapshot is written as JSON to the cache directory,
/// and a <see cref="DirectorySource"/> over that directory is asked first, so later processes skip the
/// generation (about a minute for a full handover's profiles). The default cache directory is named after a
/// hash of the profile files and of the Firely assemblies' versions, so new profiles or a new validator never
/// read stale snapshots; <c>BLAUWDRUK_FHIR_SNAPSHOTS</c> overrides it (then clearing it is up to whoever set it).
/// Two processes may write the same snapshot at once: each writes a temporary file and moves it into place,
/// so a reader sees a whole file or none.
/// </para>
/// <para>
/// <b>Terminology.</b> Codes are checked by Firely's <see cref="LocalTerminologyService"/> over the same
/// resolver: value sets and code systems from specification.zip and the nl-core/zib <c>terminology/</c> folders.
/// A required binding to a value set that can be expanded locally (an enumerated list, or a code system that is
/// present) is enforced: a wrong code is an error. Value sets that draw on SNOMED CT or LOINC by filter (is-a,
/// whole system) cannot be expanded here, as those code systems are not shipped; the local service then fails,
/// and the validator's failure handler turns that into a warning (<see cref="TerminologyServiceExceptionResult.Warning"/>),
/// never an error just because the system is unknown. Wrong SNOMED/LOINC codes under such a binding are
/// therefore not caught; fixed and pattern codes in the profiles (Observation.code and the like) still are.
/// </para>
/// <para>
/// <b>What a document check adds.</b> <see cref="ValidateDocument"/> validates the Bundle (the document rules
/// bdl-7, bdl-9… and every entry against its type and its <c>meta.profile</c>), and also reports each reference
/// in the document that does not resolve to an entry's fullUrl. A profile URL that is not known is an error
/// ("profiel onbekend"), where Firely would only warn.
/// </para>
/// <para>
/// <b>Logging.</b> The validator's messages can quote element values (a name, a BSN, a code). Callers must not
/// log <see cref="OperationOutcome"/> messages: log <see cref="Locations"/> (severity, location, issue code) and
/// counts. <see cref="Summary"/> strips quoted values from the messages as far as it can, for a person reading
/// the result, not for a log.
/// </para>
/// <para>
/// Validations run one at a time (a lock): Firely's snapshot generator is not thread-safe, and handovers are
/// validated seconds apart, not hundreds per second.
/// </para>
/// </summary>
public sealed partial class NlCoreValidator
{
    /// <summary>Overrides the snapshot cache directory.</summary>
    public const string SnapshotCacheVariable = "BLAUWDRUK_FHIR_SNAPSHOTS";

    private const string NlCoreProfilesFolder = "fhir/nictiz-r4-zib2020";
    private const string ShippedSnapshotsFolder = "fhir/snapshots";

    private readonly Validator _validator;
    private readonly CachedResolver _resolver;
    private readonly Lock _gate = new();

    private NlCoreValidator(string profilesDirectory, string cacheDirectory)
    {
        ProfilesDirectory = profilesDirectory;
        CacheDirectory = cacheDirectory;
        Directory.CreateDirectory(cacheDirectory);

        var profiles = new DirectorySource(profilesDirectory, new DirectorySourceSettings { IncludeSubDirectories = true });
        var specification = ZipSource.CreateValidationSource();
        var generating = new SnapshotDiskCache(new SnapshotSource(new MultiResolver(profiles, specification)), specification, profiles, cacheDirectory);
        var cached = new DirectorySource(cacheDirectory, new DirectorySourceSettings { IncludeSubDirectories = false, Masks = ["*.json"] });
        _resolver = new CachedResolver(new CompactResolver(new MultiResolver(cached, generating)), int.MaxValue);

        var terminology = new LocalTerminologyService(_resolver, new ValueSetExpanderSettings { ValueSetSource = _resolver });
        var settings = new ValidationSettings
        {
            // A value set that cannot be expanded here (SNOMED CT, LOINC by filter) is a warning, not an error.
            HandleValidateCodeServiceFailure = (_, _) => TerminologyServiceExceptionResult.Warning,
            // Unknown profiles are reported by ValidateDocument/Validate itself, as errors; Firely is given the known ones.
            SelectValidationProfiles = (_, declared, _, _) => [.. declared.Where(p => IsKnownProfile(p.ToString()))],
        };
        _validator = new Validator(_resolver, terminology, null, settings);
    }

    /// <summary>The folder with the nl-core profiles.</summary>
    public string ProfilesDirectory { get; }

    /// <summary>The folder with the generated snapshots.</summary>
    public string CacheDirectory { get; }

    /// <summary>
    /// A validator over <paramref name="profilesDirectory"/> (default: <c>fhir/nictiz-r4-zib2020</c> next to the
    /// assembly) caching snapshots in <paramref name="cacheDirectory"/> (default: <c>BLAUWDRUK_FHIR_SNAPSHOTS</c>, else
    /// a folder under the temp directory named after the profiles' and the validator's versions).
    /// </summary>
    public static NlCoreValidator Create(string? profilesDirectory = null, string? cacheDirectory = null)
    {
        var profiles = Path.GetFullPath(profilesDirectory ?? Path.Combine(AppContext.BaseDirectory, NlCoreProfilesFolder));
        if (!Directory.Exists(profiles))
        {
            throw new DirectoryNotFoundException($"De nl-core-profielen staan niet in {profiles}.");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(SnapshotCacheVariable);
        var version = VersionHash(profiles);
        var cache = Path.GetFullPath(cacheDirectory
            ?? (string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(Path.GetTempPath(), "blauwdruk-fhir-snapshots", version)
                : fromEnvironment));
        SeedCache(Path.Combine(AppContext.BaseDirectory, ShippedSnapshotsFolder, version), cache);
        return new NlCoreValidator(profiles, cache);
    }

    /// <summary>
    /// The snapshots generated for these very profiles and this validator (same version hash) ship with the
    /// build (<c>fhir/snapshots/&lt;hash&gt;</c>): an empty cache starts from them, so the first handover of a
    /// fresh host or test run does not wait a minute or two for the generator. Regenerate them after a change
    /// of profiles or of Firely (the folder name then no longer matches, and they are ignored).
    /// </summary>
    private static void SeedCache(string shipped, string cache)
    {
        if (!Directory.Exists(shipped))
        {
            return;
        }

        Directory.CreateDirectory(cache);
        foreach (var file in Directory.EnumerateFiles(shipped, "*.json"))
        {
            var target = Path.Combine(cache, Path.GetFileName(file));
            if (!File.Exists(target))
            {
                // Copy to a temporary name and move, so a reader in another process sees a whole file or none.
                var temporary = target + $".{Environment.ProcessId}.tmp";
                File.Copy(file, temporary, overwrite: true);
                File.Move(temporary, target, overwrite: true);
            }
        }
    }

    /// <summary>One resource against its base type and each profile in its <c>meta.profile</c>.</summary>
    public OperationOutcome Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var outcome = new OperationOutcome();
        lock (_gate)
        {
            outcome.Issue.AddRange(UnknownProfiles(resource, resource.TypeName));
            outcome.Issue.AddRange(Located(resource, _validator.Validate(resource, null)));
        }

        return outcome;
    }

    /// <summary>
    /// A data type or resource against one profile, e.g. a ContactPoint against
    /// nl-core-ContactInformation-TelephoneNumbers: a slice that is open (Patient.telecom) accepts an element that
    /// does not fit the profile without a word, so this is how to check that it does fit.
    /// </summary>
    public OperationOutcome ValidateAgainst(Base element, string profile)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrEmpty(profile);
        var outcome = new OperationOutcome();
        lock (_gate)
        {
            if (!IsKnownProfile(profile))
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.NotFound,
                    Details = new CodeableConcept { Text = $"profiel onbekend: {profile}" },
                    Expression = [element.TypeName],
                });
                return outcome;
            }

            outcome.Issue.AddRange(Located(element, _validator.Validate(element.ToPocoNode(ModelInfo.ModelInspector), profile)));
        }

        return outcome;
    }

    /// <summary>
    /// A document Bundle: base R4 (with the document invariants), every entry against its type and
    /// <c>meta.profile</c>, and every reference in it resolving to an entry's fullUrl.
    /// </summary>
    public OperationOutcome ValidateDocument(Bundle document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var outcome = new OperationOutcome();
        lock (_gate)
        {
            outcome.Issue.AddRange(UnknownProfiles(document, "Bundle"));
            for (var i = 0; i < document.Entry.Count; i++)
            {
                if (document.Entry[i].Resource is { } resource)
                {
                    outcome.Issue.AddRange(UnknownProfiles(resource, $"Bundle.entry[{i}].resource"));
                }
            }

            outcome.Issue.AddRange(Located(document, _validator.Validate(document, null)));
        }

        outcome.Issue.AddRange(DocumentReferences.Unresolved(document));
        return outcome;
    }

    /// <summary>Firely's issues with their locations as FHIRPath expressions, indexed only where an element repeats.</summary>
    private static IEnumerable<OperationOutcome.IssueComponent> Located(Base validated, OperationOutcome firely)
    {
        foreach (var issue in firely.Issue)
        {
            if (Location(issue) is { Length: > 0 } location)
            {
                issue.Expression = [IssueLocation.Normalise(validated, location)];
            }

            yield return issue;
        }
    }

    /// <summary>True when the outcome has no error or fatal issue.</summary>
    public static bool IsValid(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return !outcome.Issue.Any(IsError);
    }

    /// <summary>
    /// Lines <c>severity location: message</c>, with quoted values in the messages replaced by <c>'…'</c>
    /// (URLs stay). For a person reading the result; for a log use <see cref="Locations"/>.
    /// </summary>
    public static IReadOnlyList<string> Summary(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return [.. outcome.Issue.Select(i => $"{Severity(i)} {Location(i)}: {WithoutValues(i.Details?.Text ?? i.Diagnostics ?? "")}")];
    }

    /// <summary>Lines <c>severity location (code)</c> without any message: safe to log.</summary>
    public static IReadOnlyList<string> Locations(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return [.. outcome.Issue.Select(i => $"{Severity(i)} {Location(i)} ({IssueCode(i)})")];
    }

    /// <summary>The issue's FHIRPath location (its expression, else its location), or the empty string.</summary>
    public static string Location(OperationOutcome.IssueComponent issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault() ?? "";
    }

    public static bool IsError(OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;

    private static string Severity(OperationOutcome.IssueComponent issue) =>
        issue.Severity?.ToString().ToLowerInvariant() ?? "unknown";

    private static string IssueCode(OperationOutcome.IssueComponent issue)
    {
        var type = issue.Code?.ToString().ToLowerInvariant() ?? "";
        var number = issue.Details?.Coding.FirstOrDefault()?.Code;
        return number is null ? type : $"{type} {number}";
    }

    private static string WithoutValues(string message) =>
        QuotedValue().Replace(message, m => m.Groups[2].Value.StartsWith("http", StringComparison.Ordinal) ? m.Value : $"{m.Groups[1].Value}…{m.Groups[1].Value}");

    [GeneratedRegex("""(['"])(.*?)\1""")]
    private static partial Regex QuotedValue();

    private IEnumerable<OperationOutcome.IssueComponent> UnknownProfiles(Resource resource, string path)
    {
        var declared = resource.Meta?.Profile.ToList() ?? [];
        for (var j = 0; j < declared.Count; j++)
        {
            if (declared[j] is { } url && !IsKnownProfile(url))
            {
                yield return new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.NotFound,
                    Details = new CodeableConcept { Text = $"profiel onbekend: {url}" },
                    Expression = [$"{path}.meta.profile[{j}]"],
                };
            }
        }
    }

    private bool IsKnownProfile(string url) =>
        _resolver.TryResolveByCanonicalUriAsync(url).GetAwaiter().GetResult().Value is StructureDefinition;

    /// <summary>A short hash of the profile files (names and contents) and the validator's assembly versions.</summary>
    private static string VersionHash(string profilesDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(profilesDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(profilesDirectory, file).Replace('\\', '/')));
            hash.AppendData(File.ReadAllBytes(file));
        }

        foreach (var assembly in new[] { typeof(Validator).Assembly, typeof(SnapshotSource).Assembly, typeof(Resource).Assembly })
        {
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "";
            hash.AppendData(Encoding.UTF8.GetBytes(assembly.GetName().Name + "@" + version));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
