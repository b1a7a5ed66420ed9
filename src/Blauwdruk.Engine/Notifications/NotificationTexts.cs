using System.Text.Json;

namespace Blauwdruk.Engine.Notifications;

/// <summary>
/// What a notification says to a person (Dutch, plain): a subject, a sentence and a link — never a client's
/// name, BSN or anything clinical, and for a step of the Meldcode route only that a confidential task waits.
/// </summary>
public static class NotificationTexts
{
    public const string TaskReminder = "task-reminder";
    public const string TaskEscalated = "task-escalated";
    public const string HandoverAvailable = "handover-available";
    public const string SignalRaised = "signal-raised";

    /// <summary>Every type, in the order a settings page lists them.</summary>
    public static readonly IReadOnlyList<string> Types = [TaskReminder, TaskEscalated, HandoverAvailable, SignalRaised];

    /// <summary>How a type is called on a settings page.</summary>
    public static string TypeLabel(string type) => type switch
    {
        TaskReminder => "Herinneringen aan taken die bijna verlopen",
        TaskEscalated => "Escalaties van taken over de termijn",
        HandoverAvailable => "Nieuwe overdrachten voor mijn organisatie",
        SignalRaised => "Zorgen over veiligheid (Meldcode), voor de aandachtsfunctionaris",
        _ => type,
    };

    public static (string Subject, string Text, Uri Link) For(Notification notification, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = notification.Message;
        var link = Link(message, baseUrl);
        if (message.Confidential)
        {
            return ("Er staat een vertrouwelijke taak voor u klaar",
                "Er staat een vertrouwelijke taak voor u klaar in Blauwdruk.", link);
        }

        var step = notification.StepLabel(StepOf(message.Payload));
        return message.Type switch
        {
            TaskReminder => ($"Herinnering: {step ?? "een taak"}",
                $"De taak \u201c{step ?? "een taak"}\u201d wacht nog op u en verloopt binnenkort.", link),
            TaskEscalated => ($"Escalatie: {step ?? "een taak"} is over de termijn",
                $"De taak \u201c{step ?? "een taak"}\u201d is niet op tijd afgerond; er staat een taak voor u klaar om hem op te volgen.", link),
            HandoverAvailable => ("Nieuwe overdracht voor uw organisatie",
                "Er staat een nieuwe overdracht voor uw organisatie klaar in Blauwdruk.", link),
            _ => ("Er staat een taak voor u klaar", "Er staat een taak voor u klaar in Blauwdruk.", link),
        };
    }

    /// <summary>The page in the web app the notification is about (the task, or the JGZ inbox).</summary>
    public static Uri Link(Runtime.OutboxMessage message, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var path = message.Type == HandoverAvailable ? "overdrachten"
            : message.TaskId is { } task ? $"taken/{task}"
            : "werklijst";
        return new Uri(baseUrl, path);
    }

    private static string? StepOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("stepId", out var step) ? step.GetString() : null;
    }
}
