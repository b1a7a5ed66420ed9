using System.ComponentModel.DataAnnotations;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Audit;

/// <summary>Section <c>AccessLog</c>.</summary>
public sealed class AccessLogOptions
{
    public const string Section = "AccessLog";

    public bool SealerEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Chains the access log: gives every entry not yet sealed the next chain position, the previous
/// entry's hash and its own hash, in the order they were written. Commands never wait for this (no
/// lock on the hot path); one sealer at a time holds the chain (a PostgreSQL advisory lock; SQLite
/// serialises writers itself). An entry from a transaction that committed late is sealed in the next
/// round, after those sealed before it.
/// </summary>
public sealed partial class AccessLogSealer(IServiceScopeFactory scopes, TimeProvider time, IOptions<AccessLogOptions> options, ILogger<AccessLogSealer> log) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.SealerEnabled
            ? PeriodicWork.RunAsync(options.Value.SealInterval, time, async ct => await SealAsync(ct), ex => LogRoundFailed(log, ex), stoppingToken)
            : Task.CompletedTask;

    /// <summary>Seals every entry written so far; returns how many.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken)
    {
        var sealedCount = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db is PostgresBlauwdrukDbContext)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7513)", cancellationToken);
            }

            var head = await db.AccessLog.AsNoTracking().Where(e => e.ChainPosition != null).OrderByDescending(e => e.ChainPosition)
                .Select(e => new { e.ChainPosition, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var batch = await db.AccessLog.Where(e => e.ChainPosition == null).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return sealedCount;
            }

            var position = head?.ChainPosition ?? 0;
            var previous = head?.Hash;
            foreach (var entry in batch)
            {
                entry.ChainPosition = ++position;
                entry.PreviousHash = previous;
                entry.Hash = entry.ComputeHash();
                previous = entry.Hash;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sealedCount += batch.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing the access log failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}

/// <summary>What <c>audit verify</c> found: how many entries are chained, the first broken one, and how many wait to be sealed.</summary>
public sealed record AccessLogCheck(long Sealed, long Unsealed, long? FirstBrokenId, string? Problem)
{
    public bool Intact => FirstBrokenId is null;
}

/// <summary>Walks the chain in order and names the first entry whose position, link or hash does not hold.</summary>
public sealed class AccessLogVerification(BlauwdrukDbContext db)
{
    public async Task<AccessLogCheck> VerifyAsync(CancellationToken cancellationToken)
    {
        long expected = 0;
        string? previous = null;
        long count = 0;
        (long Id, string Problem)? broken = null;
        await foreach (var entry in db.AccessLog.AsNoTracking().Where(e => e.ChainPosition != null).OrderBy(e => e.ChainPosition).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            expected++;
            var problem = entry.ChainPosition != expected ? $"plaats {entry.ChainPosition} in de keten, verwacht {expected} (een regel ontbreekt)"
                : entry.PreviousHash != previous ? "de verwijzing naar de vorige regel klopt niet"
                : entry.Hash != entry.ComputeHash() ? "de inhoud is gewijzigd na het verzegelen"
                : null;
            if (problem is not null)
            {
                broken = (entry.Id, problem);
                break;
            }

            previous = entry.Hash;
            count++;
        }

        return new AccessLogCheck(count, await UnsealedAsync(cancellationToken), broken?.Id, broken?.Problem);
    }

    private Task<int> UnsealedAsync(CancellationToken cancellationToken) => db.AccessLog.CountAsync(e => e.ChainPosition == null, cancellationToken);
}
