using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Notifications;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this many failed attempts a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a worker holds a claimed message or delivery; after it another host may try again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many deliveries one host sends at once (a slow subscriber does not hold up the rest).</summary>
    public int Parallelism { get; set; } = 8;
}

/// <summary>
/// Delivers the outbox in two steps. <b>Dispatch</b>: each new message is fanned out into one
/// <see cref="NotificationDelivery"/> per recipient of each <see cref="INotificationChannel"/> (a unique key on
/// message, channel and recipient, so two hosts never fan out twice). <b>Delivery</b>: each due delivery is claimed by
/// one host with a conditional update that moves its next attempt past a lease, sent, and its outcome recorded;
/// failures retry with backoff (1, 2, 4, … minutes) and are dead-lettered after <see cref="OutboxOptions.MaxAttempts"/>
/// or at once when permanent. Delivery is at least once (a host that dies after sending and before recording sends
/// again after the lease): the message id is the receiver's idempotency key.
/// </summary>
public sealed partial class OutboxWorker(
    IServiceScopeFactory scopes, IEnumerable<INotificationChannel> channels, PathwayCatalog catalog, TimeProvider time,
    IOptions<OutboxOptions> options, ILogger<OutboxWorker> log) : BackgroundService
{
    private readonly Guid _owner = Guid.CreateVersion7();
    private readonly IReadOnlyDictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? PeriodicWork.RunAsync(options.Value.Interval, time, RunDueAsync, ex => LogRoundFailed(log, ex), stoppingToken)
            : Task.CompletedTask;

    /// <summary>One round: dispatches the new messages, then tries every due delivery; returns how many were delivered.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await DispatchDueAsync(cancellationToken);
        return await DeliverDueAsync(cancellationToken);
    }

    /// <summary>Fans the due messages out into deliveries; returns how many messages this host dispatched.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.DispatchedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var dispatched = 0;
        foreach (var id in due)
        {
            var leased = now + options.Value.Lease;
            var claimed = await db.Outbox
                .Where(m => m.Id == id && m.DispatchedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, leased).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken);
            try
            {
                var notification = await NotificationOfAsync(db, message, cancellationToken);
                foreach (var channel in _channels.Values)
                {
                    foreach (var target in (await channel.TargetsAsync(notification, db, cancellationToken)).Distinct(StringComparer.OrdinalIgnoreCase))
                    {
                        db.Add(new NotificationDelivery
                        {
                            Id = Guid.CreateVersion7(),
                            MessageId = message.Id,
                            Channel = channel.Name,
                            Target = target,
                            OrganisationId = message.OrganisationId,
                            CreatedAt = now,
                            NextAttemptAt = now,
                        });
                    }
                }

                message.DispatchedAt = now;
                message.LastError = null;
                await db.SaveChangesAsync(cancellationToken);
                dispatched++;
                LogDispatched(log, message.Id, message.Type, message.OrganisationId);
            }
            catch (DbUpdateException ex) when (ex.IsConcurrentWrite())
            {
                // Another host fanned it out after its lease ran out: its deliveries stand.
                db.ChangeTracker.Clear();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                db.ChangeTracker.Clear();
                var error = Shorten(ex.Message);
                var dead = message.Attempts >= options.Value.MaxAttempts;
                var next = time.GetUtcNow() + Backoff(message.Attempts);
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.DeadLetteredAt, dead ? time.GetUtcNow() : null), cancellationToken);
                if (dead)
                {
                    LogDeadLettered(log, message.Id, message.Type, "dispatch", message.Attempts);
                }
            }
        }

        return dispatched;
    }

    /// <summary>Tries every due delivery this host can claim; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        var now = time.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Set<NotificationDelivery>().AsNoTracking()
                .Where(d => d.DeliveredAt == null && d.DeadLetteredAt == null && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => d.Id)
                .Take(500)
                .ToListAsync(cancellationToken);
        }

        var delivered = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = cancellationToken },
            async (id, token) =>
            {
                if (await DeliverAsync(id, now, token))
                {
                    Interlocked.Increment(ref delivered);
                }
            });
        return delivered;
    }

    private async Task<bool> DeliverAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var deliveries = db.Set<NotificationDelivery>();
        var leased = time.GetUtcNow() + options.Value.Lease;
        var claimed = await deliveries
            .Where(d => d.Id == id && d.DeliveredAt == null && d.DeadLetteredAt == null && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.NextAttemptAt, leased)
                .SetProperty(d => d.LeaseOwner, _owner)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await deliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        if (!_channels.TryGetValue(delivery.Channel, out var channel))
        {
            // A channel this host does not run (switched off here): another host or a later start delivers it.
            await deliveries.Where(d => d.Id == id && d.LeaseOwner == _owner).ExecuteUpdateAsync(set => set.SetProperty(d => d.Attempts, d => d.Attempts - 1), cancellationToken);
            return false;
        }

        string outcome;
        try
        {
            var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == delivery.MessageId, cancellationToken);
            await channel.DeliverAsync(await NotificationOfAsync(db, message, cancellationToken), delivery, db, cancellationToken);
            var at = time.GetUtcNow();
            await deliveries.Where(d => d.Id == id && d.LeaseOwner == _owner).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.DeliveredAt, at)
                .SetProperty(d => d.LastError, (string?)null), cancellationToken);
            EngineMetrics.Delivered(channel.Name, "delivered");
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = Shorten(ex.Message);
            var dead = ex is PermanentDeliveryException || delivery.Attempts >= options.Value.MaxAttempts;
            var at = time.GetUtcNow();
            var next = at + Backoff(delivery.Attempts);
            await deliveries.Where(d => d.Id == id && d.LeaseOwner == _owner).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.DeadLetteredAt, dead ? at : null), CancellationToken.None);
            outcome = dead ? "dead-lettered" : "failed";
            if (dead)
            {
                LogDeadLettered(log, delivery.MessageId, delivery.Channel, delivery.Id.ToString(), delivery.Attempts);
            }
            else
            {
                LogFailed(log, delivery.Channel, delivery.Id, delivery.Attempts, ex.GetType().Name);
            }
        }

        EngineMetrics.Delivered(channel.Name, outcome);
        return false;
    }

    private async Task<Notification> NotificationOfAsync(BlauwdrukDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var pathway = await db.Instances.AsNoTracking().Where(i => i.Id == message.InstanceId)
            .Select(i => new { i.PathwayId, i.PathwayVersion }).SingleOrDefaultAsync(cancellationToken);
        return new Notification(message, pathway is null ? null : catalog.Find(pathway.PathwayId, pathway.PathwayVersion));
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 10)));

    private static string Shorten(string text) => text.Length > 1000 ? text[..1000] : text;

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round failed; the next round tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} ({Type}) for {Organisation} dispatched.")]
    private static partial void LogDispatched(ILogger logger, Guid messageId, string type, string organisation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} through {Channel} failed (attempt {Attempts}, {Error}); it is retried.")]
    private static partial void LogFailed(ILogger logger, string channel, Guid deliveryId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Channel}, {Delivery}) dead-lettered after {Attempts} attempts.")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string channel, string delivery, int attempts);
}
