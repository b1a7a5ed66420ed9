using System.ComponentModel.DataAnnotations;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Handovers;

/// <summary>
/// The client's identity as checked at the ID_BSN step. Stored encrypted; never shown back by the API.
/// Without a BSN (yet), leave <c>bsn</c> out and set <c>noBsn</c>: the handover names her by a temporary identifier.
/// </summary>
public sealed record ClientIdentityRequest(
    [property: RegularExpression("^[0-9]{9}$", ErrorMessage = "Een BSN is 9 cijfers.")] string? Bsn,
    [property: Required, StringLength(100, MinimumLength = 1)] string FamilyName,
    [property: Required, StringLength(100, MinimumLength = 1)] string GivenName,
    [property: Required] DateOnly? BirthDate,
    bool NoBsn = false)
{
    /// <summary>The contact data the JGZ needs for a home visit (each checked by the engine: Dutch postcode, phone numbers, e-mail).</summary>
    public PostalAddress? Address { get; init; }

    [StringLength(20)]
    public string? Phone { get; init; }

    [StringLength(200)]
    public string? Email { get; init; }

    [StringLength(200)]
    public string? Language { get; init; }

    public bool? InterpreterNeeded { get; init; }
    public RelatedContact? Partner { get; init; }
    public RelatedContact? GeneralPractitioner { get; init; }

    [StringLength(200)]
    public string? OtherChildren { get; init; }

    /// <summary>Each child once born: its number (1, 2, …), names and BSN when known.</summary>
    [MaxLength(8)]
    public IReadOnlyList<ChildIdentity>? Children { get; init; }
}

/// <summary>The client's consent for one handover, after she saw its preview (<c>contentVersion</c> of the preview).</summary>
public sealed record ConsentRequest(
    [property: Required, RegularExpression("^(prenatal|postnatal)$", ErrorMessage = "Kies prenatal of postnatal.")] string Handover,
    [property: Required, StringLength(100, MinimumLength = 1)] string PreviewVersion);

/// <summary>
/// A legal ground without consent (the aandachtsfunctionaris), toward one recipient: <c>meldrecht</c> only
/// toward <c>veilig-thuis</c>; toward <c>jgz</c>, <c>huisarts</c> or <c>sociaal-domein</c> only a
/// <c>conflict-of-duties</c> with its <c>weighing</c>. For the JGZ, <c>handover</c> empty means both.
/// </summary>
public sealed record LegalGroundRequest(
    [property: Required, RegularExpression("^(veilig-thuis|jgz|huisarts|sociaal-domein)$", ErrorMessage = "Kies veilig-thuis, jgz, huisarts of sociaal-domein.")] string Recipient,
    [property: Required, RegularExpression("^(meldrecht|conflict-of-duties)$", ErrorMessage = "Kies meldrecht (alleen naar Veilig Thuis) of conflict-of-duties.")] string Basis,
    [property: Required, StringLength(1000, MinimumLength = 1)] string Reason,
    [property: RegularExpression("^(prenatal|postnatal)$", ErrorMessage = "Kies prenatal of postnatal, of laat het leeg voor beide.")] string? Handover = null,
    WeighingRequest? Weighing = null);

/// <summary>
/// The weighing of a conflict of duties: the professional the aandachtsfunctionaris weighed with, why consent
/// could not be asked or was refused, the strictly necessary parts of the handover, and the last day it holds.
/// </summary>
public sealed record WeighingRequest(
    [property: StringLength(200)] string? Professional,
    [property: StringLength(1000)] string? WhyNoConsent,
    [property: MaxLength(10)] IReadOnlyList<string>? Data,
    DateOnly? Until);

/// <summary>
/// Acknowledge one child's document (1, 2, …), or leave <c>child</c> empty for all of them; <c>note</c> is an
/// optional message back to the sender (at most 1000 characters, checked by the engine).
/// </summary>
public sealed record AcknowledgeRequest([property: Range(1, 6)] int? Child, string? Note = null);

/// <summary>What the JGZ sees after acknowledging: the handover's documents and their status, nothing of the care team's pathway.</summary>
public sealed record AcknowledgementResponse(Guid TaskId, IReadOnlyList<HandoverDocumentStatus> Documents);

public sealed record HandoverDocumentStatus(int Child, int Version, string Status);

/// <summary>A handover's preview: what will be shared, with whom, and the version of that content the consent must name.</summary>
public sealed record HandoverPreviewResponse(string Handover, string Recipient, string ContentVersion, string Html);

internal static class HandoverEndpoints
{
    public static RouteGroupBuilder MapHandoverCommands(this RouteGroupBuilder instances)
    {
        instances.MapPut("/{id:guid}/client", Identify)
            .WithName("RecordClientIdentity")
            .WithSummary("Record the client's BSN (eleven test), name and birth date; stored encrypted, never returned.");
        instances.MapPost("/{id:guid}/consents", Consent)
            .WithName("RecordConsent")
            .WithSummary("Record the client's consent for a handover to the JGZ of her municipality, naming the preview version she saw.");
        instances.MapDelete("/{id:guid}/consents/{handover:regex(^(prenatal|postnatal)$)}", Withdraw)
            .WithName("WithdrawConsent")
            .WithSummary("The client withdraws her consent; a handover not yet sent will not leave.");
        instances.MapPost("/{id:guid}/legal-grounds", LegalGround)
            .WithName("RecordLegalGround")
            .WithSummary("Without consent: the aandachtsfunctionaris records a legal ground toward one recipient; only grounds valid for it are accepted (meldrecht only toward Veilig Thuis; toward the JGZ a weighed conflict of duties naming its data and term).");
        return instances;
    }

    public static RouteGroupBuilder MapHandoverTasks(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id:guid}/handover/preview", Preview)
            .WithName("PrepareHandoverPreview")
            .WithSummary("Prepare the handover as it would be sent now, for the client to read: a Dutch page and the content version the consent names (the handover's stage becomes prepared).");
        tasks.MapGet("/{id:guid}/handover/preview.html", PrintablePreview)
            .WithName("PrintHandoverPreview")
            .WithSummary("The preview as a printable page (text/html), as it would be drawn up now; reading it changes nothing.");
        tasks.MapPost("/{id:guid}/send", Send)
            .WithName("SendHandover")
            .WithSummary("Make a handover available to the JGZ (one document per child); refused, with the reason, without consent or legal ground.");
        tasks.MapPost("/{id:guid}/acknowledge", Acknowledge)
            .WithName("AcknowledgeHandover")
            .WithSummary("The receiving JGZ confirms receipt, with an optional note back to the sender; when every document is acknowledged the handover step is done.");
        return tasks;
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Identify(
        Guid id, ClientIdentityRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken)
    {
        if ((request.Bsn is null) != request.NoBsn)
        {
            return new Rejection(RejectionKind.Invalid, request.NoBsn
                ? "Geef een BSN óf zet noBsn, niet allebei."
                : "Geef het BSN, of zet noBsn als de cliënt (nog) geen BSN heeft; zij krijgt dan een tijdelijk kenmerk.").ToProblem();
        }

        var identity = new ClientIdentity(request.Bsn, request.FamilyName.Trim(), request.GivenName.Trim(), request.BirthDate!.Value)
        {
            Address = request.Address,
            Phone = request.Phone,
            Email = request.Email,
            Language = request.Language,
            InterpreterNeeded = request.InterpreterNeeded,
            Partner = request.Partner,
            GeneralPractitioner = request.GeneralPractitioner,
            OtherChildren = request.OtherChildren,
            Children = request.Children ?? [],
        };
        return (await runner.ExecuteAsync(id, new RecordIdentity(identity)
        {
            By = caller.Actor, Idempotency = caller.Idempotency,
        }, cancellationToken)).ToAnswer(caller, loader, time);
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Consent(
        Guid id, ConsentRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new RecordConsent(Kind(request.Handover)) { By = caller.Actor, Idempotency = caller.Idempotency, PreviewVersion = request.PreviewVersion },
            cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Withdraw(
        Guid id, string handover, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new WithdrawConsent(Kind(handover)) { By = caller.Actor, Idempotency = caller.Idempotency }, cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> LegalGround(
        Guid id, LegalGroundRequest request, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteAsync(id, new RecordLegalGround(Recipient(request.Recipient), request.Basis == "meldrecht" ? LegalBasis.Meldrecht : LegalBasis.ConflictOfDuties, request.Reason)
        {
            By = caller.Actor,
            Idempotency = caller.Idempotency,
            Kind = request.Handover is null ? null : Kind(request.Handover),
            Weighing = request.Weighing is { } weighing
                ? new ConflictOfDutiesWeighing(weighing.Professional ?? "", weighing.WhyNoConsent ?? "", [.. weighing.Data ?? []], weighing.Until ?? default)
                : null,
        }, cancellationToken)).ToAnswer(caller, loader, time);

    private static ShareRecipient Recipient(string recipient) => recipient switch
    {
        "veilig-thuis" => ShareRecipient.VeiligThuis,
        "jgz" => ShareRecipient.Jgz,
        "huisarts" => ShareRecipient.Huisarts,
        _ => ShareRecipient.SocialDomain,
    };

    public static async Task<Results<Ok<HandoverPreviewResponse>, ProblemHttpResult>> Preview(
        Guid id, Caller caller, HandoverPreviews previews, HandoverPages pages, CancellationToken cancellationToken)
    {
        var (preview, rejection) = await previews.PrepareAsync(id, caller.Actor, cancellationToken);
        return preview is null
            ? rejection!.ToProblem()
            : TypedResults.Ok(new HandoverPreviewResponse(preview.Kind.ToString().ToLowerInvariant(), preview.Recipient, preview.ContentVersion, await pages.RenderAsync(preview)));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> PrintablePreview(
        Guid id, Caller caller, HandoverPreviews previews, HandoverPages pages, CancellationToken cancellationToken)
    {
        var (preview, rejection) = await previews.DrawUpAsync(id, caller.Actor, cancellationToken);
        return preview is null ? rejection!.ToProblem() : TypedResults.Content(await pages.RenderAsync(preview), "text/html; charset=utf-8");
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Send(
        Guid id, Caller caller, InstanceRunner runner, InstanceLoader loader, TimeProvider time, CancellationToken cancellationToken) =>
        (await runner.ExecuteOnTaskAsync(id, new SendHandover(id) { By = caller.Actor, Idempotency = caller.Idempotency }, cancellationToken)).ToAnswer(caller, loader, time);

    public static async Task<Results<Ok<AcknowledgementResponse>, ProblemHttpResult>> Acknowledge(
        Guid id, AcknowledgeRequest? request, Caller caller, InstanceRunner runner, CancellationToken cancellationToken)
    {
        var result = await runner.ExecuteOnTaskAsync(id, new AcknowledgeHandover(id) { By = caller.Actor, Idempotency = caller.Idempotency, Child = request?.Child, Note = request?.Note }, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.ToProblem();
        }

        return TypedResults.Ok(new AcknowledgementResponse(id, result.State!.Handovers
            .Where(h => h.TaskId == id)
            .Select(h => new HandoverDocumentStatus(h.Child, h.Version, h.Status.ToString().ToLowerInvariant()))
            .ToList()));
    }

    private static HandoverKind Kind(string handover) => handover == "prenatal" ? HandoverKind.Prenatal : HandoverKind.Postnatal;
}
