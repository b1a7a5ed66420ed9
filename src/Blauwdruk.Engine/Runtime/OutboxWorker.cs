using System.Text.Json;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Where outbox messages go (e-mail, a push to a worklist client, Veilig Thuis' channel): the seam for delivery.</summary>
public interface IOutboxChannel
{
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>The default channel: a structured log line per message, with ids and no client data.</summary>
public sealed partial class LoggingOutboxChannel(ILogger<LoggingOutboxChannel> log) : IOutboxChannel
{
    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogDelivered(log, message.Type, message.OrganisationId, message.InstanceId, message.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Type} for {Organisation}, instance {InstanceId}, message {MessageId}")]
    private static partial void LogDelivered(ILogger logger, string type, string organisation, Guid instanceId, Guid messageId);
}

/// <summary>Turns the events that have an effect outside the decision into outbox messages.</summary>
internal static class Outbox
{
    public static OutboxMessage? For(InstanceState state, InstanceEvent @event, Pathways.PathwayDefinition definition, DateTimeOffset now)
    {
        (string Type, string Organisation, object Payload)? message = @event switch
        {
            TaskReminded reminded when state.FindTask(reminded.TaskId) is { } task =>
                ("task-reminder", task.OrganisationId, new { taskId = task.Id, stepId = task.StepId, dueAt = task.DueAt }),
            TaskEscalated escalated when state.FindTask(escalated.TaskId) is { } task =>
                ("task-escalated", escalated.OrganisationId, new { taskId = task.Id, escalationTaskId = escalated.EscalationTaskId, stepId = task.StepId, role = escalated.Role }),
            HandoverSent sent =>
                ("handover-available", sent.Recipient, new { taskId = sent.TaskId, kind = sent.Kind.ToString().ToLowerInvariant(), version = sent.Version, children = sent.Children }),
            SignalRaised raised when definition.FindSignal(raised.SignalId)?.Starts is not null =>
                ("signal-raised", raised.OrganisationId, new { signalId = raised.SignalId }),
            _ => null,
        };
        return message is not { } m ? null : new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            InstanceId = state.Id,
            Type = m.Type,
            OrganisationId = m.Organisation,
            Payload = JsonSerializer.Serialize(m.Payload),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this many failed attempts a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;
}

/// <summary>
/// Delivers pending outbox messages through the <see cref="IOutboxChannel"/>, retrying with backoff
/// (1, 2, 4, … minutes) and dead-lettering after <see cref="OutboxOptions.MaxAttempts"/>. Delivery is at
/// least once: the message id is the receiver's idempotency key.
/// </summary>
public sealed partial class OutboxWorker(IServiceScopeFactory scopes, IOutboxChannel channel, TimeProvider time, IOptions<OutboxOptions> options, ILogger<OutboxWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? PeriodicWork.RunAsync(options.Value.Interval, time, RunDueAsync, ex => LogRoundFailed(log, ex), stoppingToken)
            : Task.CompletedTask;

    /// <summary>One round: tries every pending message that is due; returns how many were delivered.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var now = time.GetUtcNow();
        var pending = await db.Outbox
            .Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var message in pending)
        {
            message.Attempts++;
            try
            {
                await channel.DeliverAsync(message, cancellationToken);
                message.DeliveredAt = time.GetUtcNow();
                message.LastError = null;
                delivered++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.DeadLetteredAt = time.GetUtcNow();
                    LogDeadLettered(log, message.Id, message.Type, message.Attempts);
                }
                else
                {
                    message.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromMinutes(Math.Pow(2, message.Attempts - 1));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round failed; the next round tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Type}) dead-lettered after {Attempts} attempts.")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string type, int attempts);
}
