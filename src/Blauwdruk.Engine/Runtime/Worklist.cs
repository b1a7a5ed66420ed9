using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Narrows a worklist; every filter is optional.</summary>
public sealed record WorklistFilter
{
    public PathwayTaskStatus? Status { get; init; }
    public string? Role { get; init; }
    public string? StepId { get; init; }
    public Guid? InstanceId { get; init; }
    public DateTimeOffset? DueBefore { get; init; }

    /// <summary>Only the tasks this user took on (claimed or was assigned).</summary>
    public string? Owner { get; init; }

    /// <summary>Only tasks past their due date at this moment.</summary>
    public DateTimeOffset? OverdueAt { get; init; }
}

/// <summary>
/// The open tasks a care professional sees: those of their organisation, the most urgent first. Reads
/// only the narrow, indexed task projection, never an instance's state document.
/// </summary>
public sealed class Worklist(BlauwdrukDbContext db, PathwayCatalog catalog)
{
    private static readonly PathwayTaskStatus[] OpenStatuses =
        [PathwayTaskStatus.Requested, PathwayTaskStatus.Accepted, PathwayTaskStatus.InProgress, PathwayTaskStatus.OnHold];

    public async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync(Actor actor, CancellationToken cancellationToken, WorklistFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        filter ??= new WorklistFilter();
        if (!catalog.IsCareProfessional(actor))
        {
            return [];
        }

        var tasks = db.Tasks.AsNoTracking().Where(t => t.OrganisationId == actor.OrganisationId);
        tasks = filter.Status is { } status ? tasks.Where(t => t.Status == status) : tasks.Where(t => OpenStatuses.Contains(t.Status));
        if (filter.Role is { } role)
        {
            tasks = tasks.Where(t => t.Role == role);
        }

        if (filter.StepId is { } step)
        {
            tasks = tasks.Where(t => t.StepId == step);
        }

        if (filter.InstanceId is { } instance)
        {
            tasks = tasks.Where(t => t.InstanceId == instance);
        }

        if (filter.Owner is { } owner)
        {
            tasks = tasks.Where(t => t.Owner == owner);
        }

        if (filter.DueBefore is { } before)
        {
            tasks = tasks.Where(t => t.DueAt != null && t.DueAt < before);
        }

        if (filter.OverdueAt is { } now)
        {
            tasks = tasks.Where(t => t.DueAt != null && t.DueAt <= now);
        }

        return await tasks
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.ActivatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
    }
}
