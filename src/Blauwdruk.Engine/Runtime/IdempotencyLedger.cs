using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The runner's record of idempotency keys: what a command with a key did (its instance and the journal's
/// length right after it, or its refusal), staged in the command's own batch, and the first answer given
/// again from it when the key comes back.
/// </summary>
public sealed class IdempotencyLedger(BlauwdrukDbContext db, InstanceLoader loader, TimeProvider time)
{
    /// <summary>The first answer to a request with this key, rebuilt from what its command did; null when the key is new.</summary>
    public async Task<RunResult?> AnswerAsync(Actor actor, IdempotencyKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(key);
        var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == actor.UserId && r.Key == key.Key, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.RequestHash != key.RequestHash)
        {
            return Replayed(new Rejection(RejectionKind.Unprocessable, "Deze Idempotency-Key is al gebruikt voor een ander verzoek; gebruik per verzoek een nieuwe sleutel."));
        }

        if (stored.Rejection is { } kind)
        {
            return Replayed(new Rejection(Enum.Parse<RejectionKind>(kind), stored.RejectionMessage ?? ""));
        }

        var state = stored is { InstanceId: { } id, EventCount: { } count } ? await loader.StateAtAsync(id, count, cancellationToken) : null;
        return state is null
            ? Replayed(new Rejection(RejectionKind.Unprocessable, "Deze Idempotency-Key is al gebruikt voor een ander soort verzoek; gebruik per verzoek een nieuwe sleutel."))
            : new RunResult(state, null) { Replayed = true };
    }

    /// <summary>Stages the record of an accepted command (the state right after it) or a refused one, in the caller's unit of work.</summary>
    internal void Stage(Actor actor, IdempotencyKey key, InstanceState? state, Rejection? rejection = null) =>
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            UserId = actor.UserId,
            Key = key.Key,
            RequestHash = key.RequestHash,
            InstanceId = state?.Id,
            EventCount = state?.EventCount,
            Rejection = rejection?.Kind.ToString(),
            RejectionMessage = rejection?.Message,
            CreatedAt = time.GetUtcNow(),
        });

    private static RunResult Replayed(Rejection rejection) => RunResult.Refused(rejection) with { Replayed = true };
}
