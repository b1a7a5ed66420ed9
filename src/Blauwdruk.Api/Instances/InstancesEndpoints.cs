using System.ComponentModel.DataAnnotations;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Instances;

/// <summary>Start a client's pathway.</summary>
/// <param name="Id">Optional id chosen by the caller; repeating a start with the same id is refused (409), so a retry never starts twice.</param>
/// <param name="PathwayId">The pathway to run, e.g. <c>blauwdruk</c> or a region's <c>rijnmond-zuid</c> (its newest published version); leave it out to run the region's operational pathway for the client's municipality.</param>
/// <param name="ClientReference">The care provider's own reference for the client. Never the BSN.</param>
/// <param name="Municipality">CBS code of the client's municipality, e.g. GM0599.</param>
/// <param name="CareTeam">Organisation per role, where another organisation than the caller's holds it.</param>
/// <param name="ExpectedDeliveryDate">The expected delivery date, when known.</param>
public sealed record StartInstanceRequest(
    Guid? Id,
    [property: StringLength(100)] string? PathwayId,
    [property: Required, StringLength(64, MinimumLength = 1)] string ClientReference,
    [property: Required, RegularExpression("^GM[0-9]{4}$", ErrorMessage = "Gebruik de CBS-gemeentecode, bijvoorbeeld GM0599.")] string Municipality,
    [property: MaxLength(20)] Dictionary<string, string>? CareTeam,
    DateOnly? ExpectedDeliveryDate);

/// <summary>Raise a signal: <c>safety-concern</c>, <c>birth</c>, <c>pregnancy-ended</c>.</summary>
public sealed record RaiseSignalRequest(
    [property: Required, StringLength(60)] string Signal,
    [property: StringLength(500)] string? Note,
    DateOnly? OccurredOn,
    [property: Range(1, 6)] int? Newborns,
    [property: StringLength(500)] string? Reason = null);

/// <summary>Record or correct the expected delivery date; a birth date only as it stands (it changes with the birth correction).</summary>
public sealed record ClinicalDatesRequest(DateOnly? ExpectedDeliveryDate, DateOnly? BirthDate);

/// <summary>
/// Correct the birth, within a day and by the organisation that recorded it, with the reason: another date or
/// number of children, or <c>notBorn</c> when it was recorded by mistake (the prenatal tasks it ended come back).
/// </summary>
public sealed record BirthCorrectionRequest(
    [property: Required, StringLength(500)] string Reason,
    DateOnly? BornOn = null,
    [property: Range(1, 6)] int? Newborns = null,
    bool NotBorn = false);

public sealed record CloseInstanceRequest([property: Required, StringLength(500, MinimumLength = 1)] string Reason);

/// <summary>One access to the client's file: when, who, what, why, and whether it was allowed.</summary>
public sealed record AccessLogEntryResponse(
    DateTimeOffset At, string UserId, string Roles, string OrganisationId, string? OnBehalfOf, string Action, string Resource, string Purpose, string Outcome);

/// <summary>One journal event as stored: its number, type, moment and data.</summary>
public sealed record JournalEntryResponse(int Sequence, string Type, DateTimeOffset At, InstanceEvent Event);

internal static class InstancesEndpoints
{
    public static RouteGroupBuilder MapInstances(this RouteGroupBuilder group)
    {
        group.WithTags("Instances");
        group.MapPost("/", Start)
            .WithName("StartInstance")
            .WithSummary("Start a pathway for a client; the first task opens at once.");
        group.MapGet("/{id:guid}", Get)
            .WithName("GetInstance")
            .WithSummary("Where a client's pathway stands (state, open tasks, timeline), for a member of its care team.");
        group.MapGet("/{id:guid}/journal", Journal)
            .WithName("GetInstanceJournal")
            .WithSummary("Every event of the instance, in order: the source of truth.");
        group.MapGet("/{id:guid}/access-log", AccessOverview)
            .WithName("GetInstanceAccessLog")
            .WithSummary("Who looked at or changed this client's file (the access log, newest first), for the lead organisation's care professionals.");
        group.MapPost("/{id:guid}/signals", Signal)
            .WithName("RaiseSignal")
            .WithSummary("A safety concern (starts the Meldcode beside the pathway), the birth, or the end of the pregnancy.");
        group.MapPost("/{id:guid}/birth-correction", BirthCorrection)
            .WithName("CorrectBirth")
            .WithSummary("Correct the birth within a day, by the organisation that recorded it, with the reason: its date, the number of children, or undo it (not born yet).");
        group.MapPut("/{id:guid}/dates", Dates)
            .WithName("RecordClinicalDates")
            .WithSummary("Record or correct the expected delivery date and the birth date; anchored due dates move.");
        group.MapPost("/{id:guid}/close", Close)
            .WithName("CloseInstance")
            .WithSummary("Close the pathway before its end, with a reason; open tasks are cancelled.");
        return group;
    }

    public static async Task<Results<Created<InstanceResponse>, ProblemHttpResult>> Start(
        StartInstanceRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken)
    {
        var command = new StartInstance(
            request.Id ?? Guid.CreateVersion7(),
            request.ClientReference,
            request.Municipality,
            request.CareTeam ?? [])
        { By = caller.Actor, Idempotency = caller.Idempotency, ExpectedDeliveryDate = request.ExpectedDeliveryDate };
        var result = await runner.StartAsync(request.PathwayId, command, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        var state = result.State!;
        return TypedResults.Created($"/api/instances/{state.Id}", InstanceResponse.From(state, loader.DefinitionOf(state), caller.Actor, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Get(
        Guid id, Caller caller, CareReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await reads.FindFileAsync(id, caller.Actor, cancellationToken) is not { } file)
        {
            return NotOnCareTeam();
        }

        return TypedResults.Ok(InstanceResponse.From(file.State, file.Definition, caller.Actor, time.GetUtcNow(), file.Timeline(caller.Actor)));
    }

    public static async Task<Results<Ok<IReadOnlyList<JournalEntryResponse>>, ProblemHttpResult>> Journal(
        Guid id, Caller caller, CareReads reads, CancellationToken cancellationToken)
    {
        if (await reads.FindFileAsync(id, caller.Actor, cancellationToken) is not { } file)
        {
            return NotOnCareTeam();
        }

        var visible = Access.Visible(file.Definition, file.State, caller.Actor);
        IReadOnlyList<JournalEntryResponse> entries = file.Journal
            .Select((e, i) => new JournalEntryResponse(i, e.GetType().Name, e.At, e))
            .Where(entry => visible(entry.Event))
            .ToList();
        return TypedResults.Ok(entries);
    }

    public static async Task<Results<Ok<IReadOnlyList<AccessLogEntryResponse>>, ProblemHttpResult>> AccessOverview(
        Guid id, Caller caller, CareReads reads, BlauwdrukDbContext db, CancellationToken cancellationToken)
    {
        if (await reads.FindFileAsync(id, caller.Actor, cancellationToken, withJournal: false) is not { } file)
        {
            return NotOnCareTeam();
        }

        if (!Access.Leads(file.State, caller.Actor))
        {
            return new Rejection(RejectionKind.Forbidden, "Alleen de organisatie die het traject leidt, ziet wie het dossier heeft ingezien.").ToProblem();
        }

        var client = id.ToString();
        IReadOnlyList<AccessLogEntryResponse> entries = await db.AccessLog.AsNoTracking()
            .Where(AccessLogEntry.About(client))
            .OrderByDescending(e => e.Id)
            .Take(500)
            .Select(e => new AccessLogEntryResponse(e.At, e.UserId, e.Roles, e.OrganisationId, e.OnBehalfOf, e.Action, e.Resource, e.Purpose, e.Outcome))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Signal(
        Guid id, RaiseSignalRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new RaiseSignal(request.Signal)
        {
            By = caller.Actor, Idempotency = caller.Idempotency, Note = request.Note, OccurredOn = request.OccurredOn, Reason = request.Reason, Newborns = request.Newborns ?? 1,
        }, cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> BirthCorrection(
        Guid id, BirthCorrectionRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new CorrectBirth(request.Reason)
        {
            By = caller.Actor, Idempotency = caller.Idempotency, BornOn = request.BornOn, Newborns = request.Newborns, NotBorn = request.NotBorn,
        }, cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Dates(
        Guid id, ClinicalDatesRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new RecordClinicalDates(request.ExpectedDeliveryDate, request.BirthDate) { By = caller.Actor, Idempotency = caller.Idempotency },
            cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Close(
        Guid id, CloseInstanceRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new CloseInstance(request.Reason) { By = caller.Actor, Idempotency = caller.Idempotency }, cancellationToken)).ToAnswer(caller, loader, time);

    private static ProblemHttpResult NotOnCareTeam() =>
        new Rejection(RejectionKind.NotFound, "Dit traject bestaat niet of u bent geen lid van het zorgteam.").ToProblem();
}
