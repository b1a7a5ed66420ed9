using System.Threading.Channels;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blauwdruk.Engine.Audit;

/// <summary>
/// Writes the entries of reads for many requests together: each request hands its entry over and waits
/// until the transaction that holds it has committed, so no answer is served before its entry is durable,
/// but concurrent reads share one commit (one WAL flush) instead of paying one each. There is no timer:
/// the entries that arrive while a commit is under way form the next batch, so a lone read waits only for
/// its own commit. See docs/adr/0011-access-log-one-entry-per-read-group-commit.md.
/// </summary>
public sealed partial class AccessLogWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<AccessLogWriter> _log;
    private readonly Task _loop;

    public AccessLogWriter(IServiceScopeFactory scopes, ILogger<AccessLogWriter> log)
    {
        _scopes = scopes;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the entry is committed; throws when it could not be written (the read must then not be served).</summary>
    public Task WriteAsync(AccessLogEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The access log writer has stopped; the read is not served.");
        }

        return pending.Written.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await SaveAsync(batch);
                batch.ForEach(p => p.Written.TrySetResult());
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // One entry the database refuses must not fail the reads it happened to share a commit with.
                LogBatchFailed(_log, ex, batch.Count);
                foreach (var pending in batch)
                {
                    await SaveAloneAsync(pending);
                }
            }
            catch (Exception ex)
            {
                batch[0].Written.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    private async Task SaveAloneAsync(Pending pending)
    {
        try
        {
            await SaveAsync([pending]);
            pending.Written.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Written.TrySetException(ex);
        }
    }

    /// <summary>One transaction for the batch (EF Core wraps a multi-row save in one).</summary>
    private async Task SaveAsync(List<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        if (db is PostgresBlauwdrukDbContext && batch.Any(p => p.Entry.Listed.Count > 0))
        {
            await SaveWithListsAsync(db, batch);
            return;
        }

        db.AccessLog.AddRange(batch.Select(p => p.Entry));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// On PostgreSQL the clients of the batch's lists go in one statement (<c>unnest</c> of two arrays)
    /// instead of one <c>INSERT</c> per client: a worklist page of 50 cost its read 50 statements, most of
    /// the database's time per read. Same transaction, so an entry is never durable without its clients.
    /// </summary>
    private static async Task SaveWithListsAsync(BlauwdrukDbContext db, List<Pending> batch)
    {
        var listed = batch.Select(p => p.Entry.Listed.ToList()).ToList();
        batch.ForEach(p => p.Entry.Listed.Clear());
        var committed = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AccessLog.AddRange(batch.Select(p => p.Entry));
            await db.SaveChangesAsync();
            var entryIds = batch.SelectMany((p, i) => listed[i].Select(_ => p.Entry.Id)).ToArray();
            var clients = listed.SelectMany(l => l.Select(c => c.Client)).ToArray();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO access_log_clients (entry_id, client) SELECT * FROM unnest({entryIds}, {clients})");
            await transaction.CommitAsync();
            committed = true;
        }
        finally
        {
            // The entries as they were handed over, for a retry of each alone: their clients back, and no id
            // from a transaction that rolled back (the save gave them one before the clients' insert failed).
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Entry.Listed.AddRange(listed[i]);
                if (!committed)
                {
                    batch[i].Entry.Id = default;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
    }

    private sealed record Pending(AccessLogEntry Entry, TaskCompletionSource Written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} access log entries together failed; each is written alone")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
