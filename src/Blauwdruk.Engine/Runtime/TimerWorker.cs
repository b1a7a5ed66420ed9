using System.ComponentModel.DataAnnotations;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Section <c>Timers</c>.</summary>
public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>Whether this host runs the timer worker (every host may; see <see cref="TimerWorker"/>).</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Gives a <see cref="Tick"/> to every instance whose next due moment has come (reminders,
/// escalations, timers). Any number of hosts may run it on one database: a tick is a command like
/// any other, so the instance's concurrency token lets one host win, and a tick that finds nothing
/// due (because another host just did it) emits nothing. Each reminder and escalation therefore
/// happens exactly once. After a crash, whatever fell due meanwhile fires on the next round.
/// </summary>
public sealed partial class TimerWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<TimerOptions> options, ILogger<TimerWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? PeriodicWork.RunAsync(options.Value.Interval, time, RunDueAsync, ex => LogRoundFailed(log, ex), stoppingToken)
            : Task.CompletedTask;

    /// <summary>
    /// One round: ticks every instance due now; returns how many ticks changed something. A tick that
    /// lost to another host (conflict) or found nothing left to do counts as no change.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            List<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
                due = await db.Instances.AsNoTracking()
                    .Where(i => i.Status == InstanceStatus.Active && i.NextDueAt != null && i.NextDueAt <= now)
                    .OrderBy(i => i.NextDueAt)
                    .Select(i => i.Id)
                    .Take(options.Value.BatchSize)
                    .ToListAsync(cancellationToken);
            }

            var progressed = 0;
            foreach (var id in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteAsync(id, new Tick { By = Tick.System }, cancellationToken);
                if (result.Events > 0)
                {
                    progressed++;
                }
            }

            changed += progressed;
            if (due.Count < options.Value.BatchSize || progressed == 0)
            {
                return changed;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer round failed; the next round tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
