using MailKit.Security;

namespace Blauwdruk.Engine.Notifications;

/// <summary>Section <c>Notifications</c>: how reminders, escalations, handovers and safety concerns leave the host.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The web app's address as its users reach it; the links in e-mails and events start with it.</summary>
    public Uri BaseUrl { get; set; } = new("http://localhost:5080");

    public SmtpOptions Smtp { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary>Section <c>Notifications:Smtp</c>. E-mail goes out only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>, <c>Auto</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The account to sign in with; none for a relay that does not ask.</summary>
    public string? User { get; set; }

    /// <summary>From configuration or a secret store (an environment variable <c>Notifications__Smtp__Password</c>), never from a file in the repository.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, as a mailbox (<c>Blauwdruk &lt;noreply@regio.nl&gt;</c>).</summary>
    public string From { get; set; } = "Blauwdruk <noreply@blauwdruk.example>";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Section <c>Notifications:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>The CloudEvents <c>source</c> of every event this deployment sends.</summary>
    public Uri Source { get; set; } = new("urn:blauwdruk");

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether a subscriber may use plain <c>http://</c> (for a test or a receiver on the same host); otherwise only <c>https://</c>.</summary>
    public bool AllowHttp { get; set; }
}
