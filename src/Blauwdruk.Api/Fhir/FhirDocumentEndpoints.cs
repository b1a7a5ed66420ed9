using System.Globalization;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Conformance;
using Blauwdruk.Engine.Handover;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// The handover documents as FHIR <c>Bundle</c> (type document) and their <c>Composition</c>s, for the JGZ
/// organisation they are addressed to, read through <see cref="HandoverReads"/> as the web inbox does.
/// </summary>
internal static partial class FhirDocumentEndpoints
{
    public static async Task<IResult> SearchBundles(HttpContext http, Caller caller, HandoverReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        var (search, error) = FhirSearch.Read(http, time);
        if (search is null)
        {
            return error!;
        }

        if (search.Query["type"].ToString() is { Length: > 0 } type && type != "document")
        {
            return search.Page([], 0);
        }

        // Without a subject filter the page's documents are served as stored, never parsed (most of a search's CPU otherwise).
        if (search.Query["composition.subject:Patient.identifier"].ToString().Length == 0)
        {
            var (rows, count) = await PageAsync(search, caller.Actor, reads, cancellationToken);
            return search.PageOfJson(
                rows.Select(row => ("Bundle", row.Id.ToString(), FhirResult.WithIdAndMeta(reads.OpenJson(row), row.Id.ToString(), Version(row), row.UpdatedAt))).ToList(),
                count, rows.Select(row => row.InstanceId).ToList());
        }

        var (page, total) = await FindAsync(search, caller.Actor, reads, "composition.subject:Patient.identifier", cancellationToken);
        return search.Page(page.Select(d => (Resource)WithMeta(d.Bundle, d.Row)).ToList(), total, page.Select(d => d.Row.InstanceId).ToList());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handover document {DocumentId} does not validate against nl-core at {Locations}")]
    private static partial void LogNonconformant(ILogger logger, Guid documentId, string locations);

    public static async Task<IResult> SearchCompositions(HttpContext http, Caller caller, HandoverReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        var (search, error) = FhirSearch.Read(http, time);
        if (search is null)
        {
            return error!;
        }

        var (page, total) = await FindAsync(search, caller.Actor, reads, "subject:Patient.identifier", cancellationToken);
        return search.Page(page.Select(d => (Resource)CompositionOf(d.Bundle, d.Row)).ToList(), total, page.Select(d => d.Row.InstanceId).ToList());
    }

    /// <summary>The recipient fetched it: through the read service, which moves the handover from available to retrieved.</summary>
    /// <remarks>
    /// In Development (or with <c>Fhir:ValidateServedDocuments</c>) the facade also validates what it serves
    /// against nl-core (a document that would not validate never left: sending refuses it), and answers an
    /// OperationOutcome instead of an invalid one. The load driver's host turns it off: it costs ~30 ms.
    /// </remarks>
    public static async Task<IResult> ReadBundle(string id, Caller caller, HandoverReads reads, IHostEnvironment environment, IConfiguration configuration, NlCoreValidator validator, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var documentId) || await reads.FindAsync(documentId, caller.Actor, cancellationToken) is not { } received)
        {
            return FhirResult.NotFound("Bundle", id);
        }

        var document = WithMeta(received.Document, received.Row);
        if (configuration.GetValue("Fhir:ValidateServedDocuments", environment.IsDevelopment()) && validator.ValidateDocument(document).Issue.Where(NlCoreValidator.IsError).Select(NlCoreValidator.Location).ToList() is { Count: > 0 } errors)
        {
            // Where, never what: the validator's messages can quote client data.
            LogNonconformant(logs.CreateLogger(typeof(FhirDocumentEndpoints)), documentId, string.Join("; ", errors.Distinct().Take(20)));
            return FhirResult.Outcome(StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Invariant,
                $"Dit document voldoet niet aan de nl-core-profielen ({errors.Count} fout(en)) en wordt niet uitgeleverd; het logboek noemt waar.");
        }

        return new FhirResult(document);
    }

    public static async Task<IResult> ReadComposition(string id, Caller caller, HandoverReads reads, CancellationToken cancellationToken)
    {
        var row = Guid.TryParse(id, out var documentId) ? await reads.Addressed(caller.Actor).SingleOrDefaultAsync(h => h.Id == documentId, cancellationToken) : null;
        return row is null ? FhirResult.NotFound("Composition", id) : new FhirResult(CompositionOf(reads.Open(row), row));
    }

    /// <summary>
    /// One page of the current documents addressed to the caller's organisation, newest first, filtered
    /// by <c>_lastUpdated</c> and by the identifier of the Composition's subject (the parameter named),
    /// with the number of all matches. Only the page is decrypted, unless the subject filter needs to
    /// read every candidate.
    /// </summary>
    private static async Task<(List<(HandoverDocumentRecord Row, Bundle Bundle)> Page, int Total)> FindAsync(
        FhirSearch search, Actor actor, HandoverReads reads, string subjectParameter, CancellationToken cancellationToken)
    {
        if (search.Query[subjectParameter].ToString() is not { Length: > 0 } identifier)
        {
            var (page, total) = await PageAsync(search, actor, reads, cancellationToken);
            return (page.Select(row => (row, reads.Open(row))).ToList(), total);
        }

        var rows = Candidates(search, actor, reads);

        var bar = identifier.IndexOf('|', StringComparison.Ordinal);
        var (system, value) = bar >= 0 ? (identifier[..bar], identifier[(bar + 1)..]) : (null, identifier);
        var matches = (await rows.ToListAsync(cancellationToken))
            .Select(row => (Row: row, Bundle: reads.Open(row)))
            .Where(d => SubjectOf(d.Bundle)?.Identifier.Any(i => i.Value == value && (string.IsNullOrEmpty(system) || i.System == system)) == true)
            .ToList();
        return (matches.Skip(search.Offset).Take(search.Count).ToList(), matches.Count);
    }

    /// <summary>The current documents addressed to the actor within <c>_lastUpdated</c>, newest first.</summary>
    private static IOrderedQueryable<HandoverDocumentRecord> Candidates(FhirSearch search, Actor actor, HandoverReads reads) =>
        search.LastUpdated(reads.Addressed(actor).Where(h => h.Current), h => h.UpdatedAt).OrderByDescending(h => h.SentAt).ThenByDescending(h => h.Id);

    /// <summary>One page of <see cref="Candidates"/> (encrypted still) and how many there are in all.</summary>
    private static async Task<(List<HandoverDocumentRecord> Page, int Total)> PageAsync(FhirSearch search, Actor actor, HandoverReads reads, CancellationToken cancellationToken)
    {
        var rows = Candidates(search, actor, reads);
        var page = await rows.Skip(search.Offset).Take(search.Count).ToListAsync(cancellationToken);
        var total = page.Count < search.Count && (page.Count > 0 || search.Offset == 0) ? search.Offset + page.Count : await rows.CountAsync(cancellationToken);
        return (page, total);
    }

    private static string Version(HandoverDocumentRecord row) => row.Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>A document's Composition, with the document's id and version.</summary>
    private static Composition CompositionOf(Bundle document, HandoverDocumentRecord row)
    {
        var composition = (Composition)document.Entry[0].Resource!;
        composition.Id = row.Id.ToString();
        composition.Meta = new Meta { VersionId = row.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = row.UpdatedAt };
        return composition;
    }

    private static Patient? SubjectOf(Bundle document)
    {
        var subject = (document.Entry[0].Resource as Composition)?.Subject?.Reference;
        return document.Entry.FirstOrDefault(e => e.FullUrl == subject)?.Resource as Patient;
    }

    /// <summary>The stored document with its resource id and meta (version and moment of its last status change).</summary>
    private static Bundle WithMeta(Bundle document, HandoverDocumentRecord row)
    {
        document.Id = row.Id.ToString();
        document.Meta = new Meta { VersionId = Version(row), LastUpdated = row.UpdatedAt };
        return document;
    }
}
