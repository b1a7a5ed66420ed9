using System.Xml.Linq;
using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Clients;

/// <summary>Where one of her handovers stands, as her page shows it.</summary>
public enum ClientHandoverStage
{
    /// <summary>Not yet: nothing to choose.</summary>
    NotYet,

    /// <summary>Her midwife is preparing it: she can read it and choose.</summary>
    Choose,

    Consented,
    Refused,
    Sent,
}

/// <summary>One of her pathways as her page shows it: what happened, what comes next, whom to call, her handovers and requests.</summary>
public sealed record ClientPathway(Guid Id, bool Active, DateOnly? DueDate, DateOnly? BirthDate, ClientContact Practice, ClientContact? Jgz)
{
    public IReadOnlyList<ClientStep> Done { get; init; } = [];
    public IReadOnlyList<ClientStep> Next { get; init; } = [];
    public IReadOnlyList<ClientHandover> Handovers { get; init; } = [];
    public IReadOnlyList<ClientRequest> Requests { get; init; } = [];
}

/// <summary>An organisation she can call.</summary>
public sealed record ClientContact(string Name, string? Phone, string? Email);

/// <summary>A step in her words, with the day it was done (<see cref="ClientPathway.Done"/>) or is due by (<see cref="ClientPathway.Next"/>).</summary>
public sealed record ClientStep(string Text, DateOnly? On);

/// <summary>One of her handovers: where it stands, what she chose, and once sent who received and opened it.</summary>
public sealed record ClientHandover(HandoverKind Kind, ClientHandoverStage Stage)
{
    public DateTimeOffset? ConsentedAt { get; init; }
    public IReadOnlyList<string> LeftOut { get; init; } = [];
    public bool OwnWords { get; init; }

    /// <summary>Her consent still holds for a next version: she can withdraw it.</summary>
    public bool CanWithdraw { get; init; }

    /// <summary>The handover can be drawn up now (the birth recorded, for the one after it): she can read it and choose.</summary>
    public bool Ready { get; init; }

    public IReadOnlyList<HandoverReceipt> Receipts { get; init; } = [];
}

/// <summary>A request she made for a correction, and whether her midwife dealt with it.</summary>
public sealed record ClientRequest(DateTimeOffset At, string Message, bool Open);

/// <summary>A handover as she reads it before it leaves: each part with its content, and her choice so far.</summary>
public sealed record ClientHandoverChoice(Guid PathwayId, HandoverKind Kind, string Version, string Recipient)
{
    public IReadOnlyList<ClientSection> Sections { get; init; } = [];
    public IReadOnlyList<string> LeftOut { get; init; } = [];
    public string? OwnWords { get; init; }

    /// <summary>Her current consent, when she gave one.</summary>
    public bool Consented { get; init; }

    public bool Refused { get; init; }

    /// <summary>A handover after the birth: the child's data need a parent with parental authority, and she is under 18 (then the guardian decides).</summary>
    public bool ForChild { get; init; }

    public bool MotherMinor { get; init; }
}

/// <summary>A part of the handover with what it holds now, in the words of the document.</summary>
public sealed record ClientSection(string Part, ClientTexts.PartText Text, bool Required, IReadOnlyList<string> Lines);

/// <summary>One access to her file, as her overview shows it (the Wabvpz right): when, who (organisation and role), what and why.</summary>
public sealed record ClientReader(DateTimeOffset At, string Organisation, string? Role, string What, string Why);

/// <summary>Her copy of a sent handover.</summary>
public sealed record ClientCopy(byte[] Pdf, string FileName);

/// <summary>
/// The client's own page: her pathways (matched on her verified BSN by <see cref="ClientAccess"/>, which logs
/// every look-up), in her words; her handovers section by section with her choice; her copy, who opened it,
/// and who read her file. Need-to-know holds for her as for everyone: the Meldcode route and whatever would
/// reveal it (its steps, the Veilig Thuis part, the aandachtsfunctionaris's reads) are not shown to her.
/// </summary>
public sealed class ClientPortal(ClientAccess access, InstanceLoader loader, InstanceRunner runner, HandoverStore store, BlauwdrukDbContext db, AccessLog log, TimeProvider time)
{
    /// <summary>The part she is never shown, so her own consent never covers it (it leaves only as her professionals decide).</summary>
    public const string HiddenPart = "veilig-thuis";

    /// <summary>Her pathways, newest first; empty when her BSN matches none (the page says so kindly; the log has a denied entry).</summary>
    public async Task<IReadOnlyList<ClientPathway>> PathwaysAsync(ClientPerson person, string resource, CancellationToken cancellationToken)
    {
        var pathways = new List<ClientPathway>();
        foreach (var id in await access.PathwaysOfAsync(person, resource, cancellationToken))
        {
            if (await loader.ReadAsync(id, cancellationToken) is { } state)
            {
                pathways.Add(View(loader.DefinitionOf(state), state, await loader.JournalAsync(id, cancellationToken)));
            }
        }

        return pathways;
    }

    /// <summary>A handover before it leaves, as she reads it; null when the pathway is not hers, or it cannot be drawn up yet (the reason in plain words).</summary>
    public async Task<(ClientHandoverChoice? Choice, string? NotYet)> ChoiceAsync(ClientPerson person, Guid pathwayId, HandoverKind kind, string resource, CancellationToken cancellationToken)
    {
        if (await HersAsync(person, pathwayId, resource, cancellationToken) is not { } state)
        {
            return (null, null);
        }

        var definition = loader.DefinitionOf(state);
        if (HandoverReadiness.Unbuildable(definition, state, kind) is not null)
        {
            return (null, "Uw verloskundige moet eerst nog iets vastleggen. Daarna kunt u hier lezen wat er mee gaat, en kiezen.");
        }

        var now = time.GetUtcNow();
        var practice = HandoverGrant.PracticeOf(state);
        var documents = await store.BuildAsync(definition, state, await loader.JournalAsync(state.Id, cancellationToken), kind, HandoverReadiness.ChildrenOf(state, kind),
            HandoverGrant.Preview(practice, now), practice, now, version: 1, cancellationToken);
        var required = RecordConsent.Required(definition, kind);
        var sections = documents.SelectMany(d => ((Composition)d.Entry[0].Resource!).Section).ToList();
        var consent = state.Grants.LastOrDefault(g => g.Consent && (g.Kind is null || g.Kind == kind));
        var mother = await store.RequiredIdentityAsync(state.Id, cancellationToken);
        return (new ClientHandoverChoice(state.Id, kind, HandoverDocument.ContentVersion(documents), Name(definition, HandoverReadiness.RecipientOf(definition, state)!).Name)
        {
            Sections =
            [
                .. HandoverParts.All.Where(p => p.Id != HiddenPart && ClientTexts.Parts.ContainsKey(p.Id))
                    .Select(p => new ClientSection(p.Id, ClientTexts.Parts[p.Id], required.Contains(p.Id),
                        [.. sections.Where(s => HandoverDocument.PartOf(s.Code?.Text) == p.Id).SelectMany(Lines)]))
                    .Where(s => s.Lines.Count > 0),
            ],
            LeftOut = consent?.LeftOut.Where(p => p != HiddenPart).ToList() ?? [],
            OwnWords = consent?.OwnWords,
            Consented = consent is not null,
            Refused = state.Refuses(kind),
            ForChild = kind == HandoverKind.Postnatal,
            MotherMinor = HandoverParticipant.IsMinor(mother, now),
        }, null);
    }

    /// <summary>Her consent for a handover, with the parts she leaves out and her own words; the rejection (in Dutch) when it is refused.</summary>
    public async Task<Rejection?> ConsentAsync(ClientPerson person, Guid pathwayId, HandoverKind kind, string version, IReadOnlyList<string> leftOut, string? ownWords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leftOut);
        return await RunAsync(person, pathwayId, "web /mijn (toestemming)", new RecordConsent(kind)
        {
            By = person.On(pathwayId),
            PreviewVersion = version,
            LeftOut = [.. leftOut.Append(HiddenPart).Distinct()],
            OwnWords = ownWords,
        }, cancellationToken);
    }

    public Task<Rejection?> RefuseAsync(ClientPerson person, Guid pathwayId, HandoverKind kind, CancellationToken cancellationToken) =>
        RunAsync(person, pathwayId, "web /mijn (weigeren)", new RefuseHandover(kind) { By = person.On(pathwayId) }, cancellationToken);

    public Task<Rejection?> WithdrawAsync(ClientPerson person, Guid pathwayId, HandoverKind kind, CancellationToken cancellationToken) =>
        RunAsync(person, pathwayId, "web /mijn (intrekken)", new WithdrawConsent(kind) { By = person.On(pathwayId) }, cancellationToken);

    public Task<Rejection?> RequestCorrectionAsync(ClientPerson person, Guid pathwayId, string message, CancellationToken cancellationToken) =>
        RunAsync(person, pathwayId, "web /mijn (correctie)", new RequestCorrection(message) { By = person.On(pathwayId) }, cancellationToken);

    /// <summary>Her copy of what was sent (a PDF, one part per child); null when nothing of that kind was sent, or the pathway is not hers.</summary>
    public async Task<ClientCopy?> CopyAsync(ClientPerson person, Guid pathwayId, HandoverKind kind, string resource, CancellationToken cancellationToken)
    {
        if (await HersAsync(person, pathwayId, resource, cancellationToken) is not { } state)
        {
            return null;
        }

        var rows = await db.HandoverDocuments.AsNoTracking().Where(h => h.InstanceId == pathwayId && h.Kind == kind && h.Current).OrderBy(h => h.Child).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var definition = loader.DefinitionOf(state);
        var heading = new HandoverCopyHeading(ClientTexts.Handover(kind), Name(definition, rows[0].Recipient).Name, rows[0].SentAt, rows[0].Version);
        var pdf = HandoverCopy.Pdf(heading, [.. rows.Select(store.Open)]);
        return new ClientCopy(pdf, $"kopie-overdracht-{(kind == HandoverKind.Prenatal ? "voor" : "na")}-de-geboorte-{DutchWorkingDays.DateOf(rows[0].SentAt):yyyy-MM-dd}.pdf");
    }

    /// <summary>
    /// Who read or wrote her file, newest first (of the 200 newest entries): allowed accesses by professionals and herself.
    /// Left out, as need-to-know asks: what was done for the Meldcode, and the aandachtsfunctionaris's accesses.
    /// </summary>
    public async Task<IReadOnlyList<ClientReader>?> ReadersAsync(ClientPerson person, Guid pathwayId, string resource, CancellationToken cancellationToken)
    {
        if (await HersAsync(person, pathwayId, resource, cancellationToken) is not { } state)
        {
            return null;
        }

        var definition = loader.DefinitionOf(state);
        var client = pathwayId.ToString();
        var entries = await db.AccessLog.AsNoTracking()
            .Where(AccessLogEntry.About(client)).Where(e => e.Outcome == AccessLog.Allowed && e.Purpose != Access.Meldcode && !e.Roles.Contains(Access.MeldcodeLead))
            .OrderByDescending(e => e.Id).Take(200).ToListAsync(cancellationToken);
        // One line per minute for the same who, what and why: a page that reads twice is one visit to her.
        return entries.Select(e => e.OrganisationId.Length == 0
                ? new ClientReader(e.At, "U zelf", null, ClientTexts.What(e.Action, e.Resource), ClientTexts.Why(e.Purpose))
                : new ClientReader(e.At, Name(definition, e.OrganisationId).Name, RoleOf(definition, e.Roles), ClientTexts.What(e.Action, e.Resource), ClientTexts.Why(e.Purpose)))
            .DistinctBy(r => (Minute: r.At.UtcTicks / TimeSpan.TicksPerMinute, r.Organisation, r.Role, r.What, r.Why))
            .ToList();
    }

    /// <summary>The pathway, when her BSN matched it; else a denied entry in the log and null.</summary>
    private async Task<InstanceState?> HersAsync(ClientPerson person, Guid pathwayId, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var hers = await access.PathwaysOfAsync(person, resource, cancellationToken);
        if (!hers.Contains(pathwayId))
        {
            await log.RecordAsync(person.Unmatched, AccessLog.Read, resource, pathwayId.ToString(), Access.ClientPurpose, AccessLog.Denied, "not-hers", cancellationToken);
            return null;
        }

        return await loader.ReadAsync(pathwayId, cancellationToken);
    }

    private async Task<Rejection?> RunAsync(ClientPerson person, Guid pathwayId, string resource, InstanceCommand command, CancellationToken cancellationToken)
    {
        if (await HersAsync(person, pathwayId, resource, cancellationToken) is null)
        {
            return new Rejection(RejectionKind.NotFound, "Dit traject vinden wij niet bij u.");
        }

        return (await runner.ExecuteAsync(pathwayId, command, cancellationToken)).Rejection;
    }

    private static ClientPathway View(PathwayDefinition definition, InstanceState state, IReadOnlyList<InstanceEvent> journal)
    {
        var steps = new Dictionary<Guid, string>();
        var done = new Dictionary<string, DateOnly>();
        var requests = new List<(DateTimeOffset At, string Message)>();
        foreach (var @event in journal)
        {
            switch (@event)
            {
                case TaskActivated activated:
                    steps[activated.TaskId] = activated.StepId;
                    break;
                case TaskCompleted completed when steps.TryGetValue(completed.TaskId, out var step) && Shown(definition, step):
                    done.Remove(step);
                    done[step] = DutchWorkingDays.DateOf(completed.At);
                    break;
                case SignalRaised { SignalId: RequestCorrection.Signal, Note: { } message } raised:
                    requests.Add((raised.At, message));
                    break;
            }
        }

        var openRequests = state.OpenTasks.Count(t => t.StepId == RequestCorrection.Step);
        return new ClientPathway(state.Id, state.Status == InstanceStatus.Active, state.ExpectedDeliveryDate, state.BirthDate,
            Name(definition, state.LeadOrganisation), HandoverReadiness.RecipientOf(definition, state) is { } jgz ? Name(definition, jgz) : null)
        {
            Done = [.. done.OrderBy(d => d.Value).Select(d => new ClientStep(definition.Step(d.Key).ClientText!, d.Value))],
            Next =
            [
                .. state.OpenTasks.Where(t => t.EscalationOf is null && Shown(definition, t.StepId) && !state.Handovers.Any(h => h.TaskId == t.Id)).OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue)
                    .Select(t => new ClientStep(definition.Step(t.StepId).ClientText!, t.DueAt is { } due ? DutchWorkingDays.DateOf(due) : null))
                    .DistinctBy(s => s.Text),
            ],
            Handovers = [.. new[] { HandoverKind.Prenatal, HandoverKind.Postnatal }.Where(k => definition.Steps.Any(s => s.Handover == k)).Select(k => Handover(definition, state, journal, k))],
            Requests = [.. requests.Select((r, i) => new ClientRequest(r.At, r.Message, i >= requests.Count - openRequests))],
        };
    }

    private static ClientHandover Handover(PathwayDefinition definition, InstanceState state, IReadOnlyList<InstanceEvent> journal, HandoverKind kind)
    {
        var consent = state.Grants.LastOrDefault(g => g.Consent && (g.Kind is null || g.Kind == kind));
        var sent = state.Handovers.Where(h => h.Kind == kind).ToList();
        var stage = sent.Count > 0 ? ClientHandoverStage.Sent
            : state.Refuses(kind) ? ClientHandoverStage.Refused
            : consent is not null ? ClientHandoverStage.Consented
            : state.OpenTasks.Any(t => t.EscalationOf is null && definition.Step(t.StepId).Handover == kind) ? ClientHandoverStage.Choose
            : ClientHandoverStage.NotYet;
        return new ClientHandover(kind, stage)
        {
            ConsentedAt = consent?.At,
            LeftOut = consent?.LeftOut.Where(p => p != HiddenPart).ToList() ?? [],
            OwnWords = consent?.OwnWords is not null,
            CanWithdraw = consent is not null,
            Ready = HandoverReadiness.Unbuildable(definition, state, kind) is null,
            Receipts = [.. sent.Select(h => h.TaskId).Distinct().SelectMany(task => HandoverReads.Receipts(state, journal, task))],
        };
    }

    /// <summary>A step she is shown: one with a text for her, not on the Meldcode route.</summary>
    private static bool Shown(PathwayDefinition definition, string stepId) =>
        definition.FindStep(stepId) is { ClientText: not null } && !Access.IsConfidential(definition, stepId);

    private static ClientContact Name(PathwayDefinition definition, string organisation) =>
        definition.Organisations.FirstOrDefault(o => o.ActorId == organisation || o.Id == organisation) is { } known
            ? new ClientContact(known.Name, known.Phone, known.Email)
            : new ClientContact("Een zorgorganisatie", null, null);

    private static string? RoleOf(PathwayDefinition definition, string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => definition.FindRole(r)?.Label).FirstOrDefault(l => l is not null);

    /// <summary>The lines of a section's narrative (its list items), as text.</summary>
    private static IEnumerable<string> Lines(Composition.SectionComponent section) =>
        section.Text?.Div is { } div ? XElement.Parse(div).Descendants().Where(e => e.Name.LocalName == "li").Select(li => li.Value) : [];
}
