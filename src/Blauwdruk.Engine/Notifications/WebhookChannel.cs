using System.Net;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using Blauwdruk.Engine.Storage;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Notifications;

/// <summary>
/// Webhooks for organisations' own systems: each event a CloudEvents 1.0 JSON document (structured mode) with ids
/// and a link only, signed the Standard Webhooks way: <c>webhook-id</c> (the event id, stable over retries: the
/// receiver's de-duplication key), <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>
/// (<c>v1,</c> + base64 of HMAC-SHA256 with the subscription's secret over <c>{id}.{timestamp}.{body}</c>).
/// </summary>
public sealed class WebhookChannel(IOptions<NotificationOptions> options, IDataProtectionProvider protection, TimeProvider time, HttpClient? http = null) : INotificationChannel
{
    public const string ChannelName = "webhook";
    public const string SecretPrefix = "whsec_";

    private static readonly JsonEventFormatter Formatter = new(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web), default);
    private readonly HttpClient _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false });

    public string Name => ChannelName;

    /// <summary>Makes a new signing secret: shown once to the administrator, kept protected.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => Protector().Protect(secret);

    public async Task<IReadOnlyList<string>> TargetsAsync(Notification notification, BlauwdrukDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(db);
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking()
            .Where(s => s.OrganisationId == notification.Message.OrganisationId && s.Active)
            .ToListAsync(cancellationToken);
        return subscriptions.Where(s => s.Wants(notification.Message.Type)).Select(s => s.Id.ToString()).ToList();
    }

    public async Task DeliverAsync(Notification notification, NotificationDelivery delivery, BlauwdrukDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(db);
        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == Guid.Parse(delivery.Target), cancellationToken);
        if (subscription is not { Active: true })
        {
            throw new PermanentDeliveryException("Het webhook-abonnement is verwijderd of uitgezet.");
        }

        var body = Body(notification, options.Value);
        var id = notification.Message.Id.ToString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/cloudevents+json; charset=utf-8" } } },
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Signature(Protector().Unprotect(subscription.ProtectedSecret), id, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Webhooks.Timeout);
        using var response = await _http.SendAsync(request, timeout.Token);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var why = $"De ontvanger antwoordde HTTP {status} ({response.ReasonPhrase}).";
        // 4xx says the request itself is wrong (or the receiver is gone): another try sends the same. 408 and 429 ask to wait.
        throw status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            ? new PermanentDeliveryException(why)
            : new HttpRequestException(why, null, response.StatusCode);
    }

    /// <summary>The CloudEvent of a notification, as structured-mode JSON.</summary>
    public static byte[] Body(Notification notification, NotificationOptions settings)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(settings);
        var message = notification.Message;
        var cloudEvent = new CloudEvent
        {
            Id = message.Id.ToString(),
            Type = $"nl.blauwdruk.{message.Type}",
            Source = settings.Webhooks.Source,
            Time = message.CreatedAt,
            DataContentType = MediaTypeNames.Application.Json,
            Subject = message.TaskId is { } task ? $"tasks/{task}" : $"instances/{message.InstanceId}",
            Data = new WebhookData(
                message.InstanceId,
                message.TaskId,
                message.OrganisationId,
                message.Role,
                message.Confidential,
                NotificationTexts.Link(message, settings.BaseUrl).ToString()),
        };
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }

    /// <summary>The <c>webhook-signature</c> header: <c>v1,</c> and base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the secret's bytes.</summary>
    public static string Signature(string secret, string id, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private IDataProtector Protector() => protection.CreateProtector("Blauwdruk.Webhook.v1");

    /// <summary>The event's data: ids and a link, never client data.</summary>
    private sealed record WebhookData(Guid InstanceId, Guid? TaskId, string Organisation, string? Role, bool Confidential, string Link);
}
