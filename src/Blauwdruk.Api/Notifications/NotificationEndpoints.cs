using System.ComponentModel.DataAnnotations;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blauwdruk.Api.Notifications;

/// <summary>Mark notifications read.</summary>
public sealed record MarkReadRequest([property: Required, MaxLength(100)] Guid[] Ids);

/// <summary>What the caller receives by e-mail: an address and the kinds of message (<c>task-reminder</c>, <c>task-escalated</c>, <c>handover-available</c>, <c>signal-raised</c>).</summary>
public sealed record PreferenceRequest([property: StringLength(320)] string? Email, [property: Required, MaxLength(10)] string[] Types);

public sealed record PreferenceResponse(string? Email, IReadOnlyList<string> Types)
{
    public static PreferenceResponse Of(NotificationPreference preference) =>
        new(preference.Email, preference.EmailTypes.Length == 0 ? [] : preference.EmailTypes.Split(','));
}

/// <summary>A new webhook: an https address and the kinds of message it receives (none: all).</summary>
public sealed record WebhookRequest(
    [property: Required, StringLength(2000, MinimumLength = 8)] string Url,
    [property: MaxLength(10)] string[]? Types,
    [property: StringLength(200)] string? Description);

public sealed record BellResponse(int Unread, IReadOnlyList<BellItem> Items);

public sealed record OperationsResponse(IReadOnlyList<ChannelCounts> Channels, IReadOnlyList<DeliveryView> Deliveries);

internal static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder group)
    {
        group.WithTags("Notifications");
        group.MapGet("/", Bell).WithName("ListNotifications")
            .WithSummary("The caller's latest notifications (the bell): reminders, escalations, handovers and safety concerns for her organisation and role, with what she read.");
        group.MapPost("/read", MarkRead).WithName("MarkNotificationsRead").WithSummary("Mark notifications of the caller read.");
        group.MapGet("/preferences", Preference).WithName("GetNotificationPreferences").WithSummary("What the caller receives by e-mail.");
        group.MapPut("/preferences", SavePreference).WithName("SaveNotificationPreferences")
            .WithSummary("Choose the address and the kinds of message the caller receives by e-mail; an invalid address changes nothing.");
        group.MapGet("/webhooks", Webhooks).WithName("ListWebhooks").WithSummary("The webhooks of the caller's organisation (functional administrator).");
        group.MapPost("/webhooks", AddWebhook).WithName("AddWebhook")
            .WithSummary("Add a webhook for the caller's organisation (functional administrator); the answer shows its signing secret, once.");
        group.MapDelete("/webhooks/{id:guid}", RemoveWebhook).WithName("RemoveWebhook").WithSummary("Remove a webhook of the caller's organisation.");
        group.MapGet("/deliveries", Deliveries).WithName("ListDeliveries")
            .WithSummary("Deliveries for the caller's organisation per channel: pending, failing, dead-lettered or delivered, with the last error (functional administrator).");
        group.MapPost("/deliveries/{id:guid}/retry", Retry).WithName("RetryDelivery")
            .WithSummary("Try a failing or dead-lettered delivery again at the next round (functional administrator).");
        return group;
    }

    public static async Task<Ok<BellResponse>> Bell(Caller caller, NotificationCentre centre, CancellationToken cancellationToken, int take = 20)
    {
        var items = await centre.BellAsync(caller.Actor, take, cancellationToken);
        return TypedResults.Ok(new BellResponse(await centre.UnreadCountAsync(caller.Actor, cancellationToken), items));
    }

    public static async Task<NoContent> MarkRead(MarkReadRequest request, Caller caller, NotificationCentre centre, CancellationToken cancellationToken)
    {
        await centre.MarkReadAsync(caller.Actor, request.Ids, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PreferenceResponse>> Preference(Caller caller, NotificationCentre centre, CancellationToken cancellationToken) =>
        TypedResults.Ok(PreferenceResponse.Of(await centre.PreferenceAsync(caller.Actor, cancellationToken)));

    public static async Task<Results<Ok<PreferenceResponse>, ProblemHttpResult>> SavePreference(
        PreferenceRequest request, Caller caller, NotificationCentre centre, CancellationToken cancellationToken)
    {
        if (await centre.SavePreferenceAsync(caller.Actor, request.Email, request.Types, cancellationToken) is { } problem)
        {
            return Invalid(problem);
        }

        return TypedResults.Ok(PreferenceResponse.Of(await centre.PreferenceAsync(caller.Actor, cancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<WebhookView>>, ProblemHttpResult>> Webhooks(Caller caller, NotificationCentre centre, CancellationToken cancellationToken) =>
        IsAdministrator(caller) ? TypedResults.Ok(await centre.WebhooksAsync(caller.Actor, cancellationToken)) : AdministratorsOnly();

    public static async Task<Results<Created<WebhookView>, ProblemHttpResult>> AddWebhook(
        WebhookRequest request, Caller caller, NotificationCentre centre, CancellationToken cancellationToken)
    {
        if (!IsAdministrator(caller))
        {
            return AdministratorsOnly();
        }

        var (made, problem) = await centre.AddWebhookAsync(caller.Actor, request.Url, request.Types ?? [], request.Description, cancellationToken);
        return made is null ? Invalid(problem!) : TypedResults.Created($"/api/notifications/webhooks/{made.Id}", made);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveWebhook(Guid id, Caller caller, NotificationCentre centre, CancellationToken cancellationToken) =>
        !IsAdministrator(caller) ? AdministratorsOnly()
        : await centre.RemoveWebhookAsync(caller.Actor, id, cancellationToken) ? TypedResults.NoContent()
        : NotFound("Uw organisatie heeft geen webhook met dit id.");

    public static async Task<Results<Ok<OperationsResponse>, ProblemHttpResult>> Deliveries(
        Caller caller, NotificationCentre centre, CancellationToken cancellationToken, string? status = null, int take = 100)
    {
        if (!IsAdministrator(caller))
        {
            return AdministratorsOnly();
        }

        DeliveryStatus? wanted = status switch
        {
            null or "" => null,
            "pending" => DeliveryStatus.Pending,
            "failing" => DeliveryStatus.Failing,
            "dead-lettered" => DeliveryStatus.DeadLettered,
            "delivered" => DeliveryStatus.Delivered,
            _ => (DeliveryStatus)(-1),
        };
        if (wanted is (DeliveryStatus)(-1))
        {
            return Invalid($"Onbekende status '{status}'; kies pending, failing, dead-lettered of delivered.");
        }

        return TypedResults.Ok(new OperationsResponse(await centre.CountsAsync(caller.Actor, cancellationToken), await centre.DeliveriesAsync(caller.Actor, wanted, take, cancellationToken)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Retry(Guid id, Caller caller, NotificationCentre centre, CancellationToken cancellationToken) =>
        !IsAdministrator(caller) ? AdministratorsOnly()
        : await centre.RetryAsync(caller.Actor, id, cancellationToken) ? TypedResults.NoContent()
        : NotFound("Uw organisatie heeft geen mislukte of opgegeven bezorging met dit id; een bezorgde of nog lopende wordt niet opnieuw geprobeerd.");

    private static bool IsAdministrator(Caller caller) => caller.Actor.HasRole(NotificationCentre.AdministratorRole);

    private static ProblemHttpResult AdministratorsOnly() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Alleen voor de functioneel beheerder",
        detail: "Webhooks, abonnementen en bezorgingen beheert de functioneel beheerder van uw organisatie.");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige invoer", detail: detail);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden", detail: detail);
}
