using System.ComponentModel.DataAnnotations;
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

    /// <summary>Reads' entries written together by <see cref="AccessLogWriter"/> (one commit for concurrent reads); false: one transaction per read.</summary>
    public bool GroupCommit { get; set; } = true;

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

            var (first, last) = (batch[0].Id, batch[^1].Id);
            var listed = (await db.Set<AccessLogClient>().AsNoTracking().Where(c => c.EntryId >= first && c.EntryId <= last)
                    .Select(c => new { c.EntryId, c.Client }).ToListAsync(cancellationToken))
                .ToLookup(c => c.EntryId, c => c.Client);

            var position = head?.ChainPosition ?? 0;
            var previous = head?.Hash;
            foreach (var entry in batch)
            {
                entry.ChainPosition = ++position;
                entry.PreviousHash = previous;
                entry.Hash = entry.ComputeHash(listed[entry.Id]);
                previous = entry.Hash;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sealedCount += batch.Count;
            LogHead(log, position, previous!);
        }
    }

    /// <summary>The head goes to the application log too, which is shipped elsewhere: an anchor outside the database.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Access log sealed up to {Position}; head {Position}:{Hash}")]
    private static partial void LogHead(ILogger logger, long position, string hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing the access log failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}

/// <summary>
/// What <c>audit verify</c> found: how many entries are chained, the first broken one (or, when the log
/// was cut short below an anchor, only the problem), how many wait to be sealed, and the head to anchor.
/// </summary>
public sealed record AccessLogCheck(long Sealed, long Unsealed, long? FirstBrokenId, string? Problem, AccessLogAnchor? Head = null)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// A chain position and its hash, kept outside the database (a ticket, the log shipper, a WORM store):
/// the chain cannot show that its newest entries were removed, an anchor can.
/// </summary>
public sealed record AccessLogAnchor(long Position, string Hash)
{
    public override string ToString() => $"{Position}:{Hash}";

    public static AccessLogAnchor? Parse(string? text) =>
        text?.Split(':') is [var position, var hash] && long.TryParse(position, out var number) && number > 0 && hash.Length == 64
            ? new AccessLogAnchor(number, hash.ToLowerInvariant())
            : null;
}

/// <summary>Walks the chain in order and names the first entry whose position, link or hash does not hold.</summary>
public sealed class AccessLogVerification(BlauwdrukDbContext db)
{
    /// <param name="anchor">A head recorded earlier; the check fails when that entry is gone or differs.</param>
    public async Task<AccessLogCheck> VerifyAsync(CancellationToken cancellationToken, AccessLogAnchor? anchor = null)
    {
        long expected = 0;
        string? previous = null;
        long count = 0;
        string? atAnchor = null;
        (long Id, string Problem)? broken = null;
        await foreach (var entry in db.AccessLog.AsNoTracking().Include(e => e.Listed).Where(e => e.ChainPosition != null).OrderBy(e => e.ChainPosition).AsAsyncEnumerable().WithCancellation(cancellationToken))
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
            atAnchor = entry.ChainPosition == anchor?.Position ? entry.Hash : atAnchor;
        }

        var finding = broken?.Problem
            ?? (anchor is null ? null
                : count < anchor.Position ? $"het log is ingekort: de keten eindigt bij regel {count}, het anker noemt regel {anchor.Position}"
                : !string.Equals(atAnchor, anchor.Hash, StringComparison.OrdinalIgnoreCase) ? $"regel {anchor.Position} heeft niet de hash van het anker"
                : null);
        var head = broken is null && previous is not null ? new AccessLogAnchor(count, previous) : null;
        return new AccessLogCheck(count, await UnsealedAsync(cancellationToken), broken?.Id, finding, head);
    }

    private Task<int> UnsealedAsync(CancellationToken cancellationToken) => db.AccessLog.CountAsync(e => e.ChainPosition == null, cancellationToken);
}
