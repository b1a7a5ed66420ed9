using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The open tasks a professional sees: those of their organisation, the most urgent first.</summary>
public sealed class Worklist(BlauwdrukDbContext db)
{
    private static readonly PathwayTaskStatus[] OpenStatuses =
        [PathwayTaskStatus.Requested, PathwayTaskStatus.Accepted, PathwayTaskStatus.InProgress, PathwayTaskStatus.OnHold];

    public async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await db.Tasks.AsNoTracking()
            .Where(t => t.OrganisationId == actor.OrganisationId && OpenStatuses.Contains(t.Status))
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.ActivatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
    }
}
