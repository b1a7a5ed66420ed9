using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Storage;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
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
/// Where a worklist page ends: the last task's sort key (due date, activation, id). The next page starts
/// after it, so a page is found from the index and never skips or repeats a task while others change.
/// Written as opaque text for URLs.
/// </summary>
public sealed record WorklistCursor(DateTimeOffset? DueAt, DateTimeOffset ActivatedAt, Guid Id)
{
    public static WorklistCursor After(TaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new WorklistCursor(task.DueAt, task.ActivatedAt, task.Id);
    }

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join('.',
            DueAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "", ActivatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), Id.ToString("N"))));

    /// <summary>Null when the text is not a cursor this worklist wrote.</summary>
    public static WorklistCursor? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 100)
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        }
        catch (FormatException)
        {
            return null;
        }

        if (parts is not [var due, var activated, var id] || !Guid.TryParseExact(id, "N", out var taskId) || !TryTicks(activated, out var activatedAt))
        {
            return null;
        }

        if (due.Length == 0)
        {
            return new WorklistCursor(null, activatedAt, taskId);
        }

        return TryTicks(due, out var dueAt) ? new WorklistCursor(dueAt, activatedAt, taskId) : null;
    }

    private static bool TryTicks(string text, out DateTimeOffset at)
    {
        var valid = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks;
        at = valid ? new DateTimeOffset(ticks, TimeSpan.Zero) : default;
        return valid;
    }
}

/// <summary>One page of a worklist and, when there are more, where the next one starts.</summary>
public sealed record WorklistPage(IReadOnlyList<TaskRecord> Tasks, WorklistCursor? Next);

/// <summary>
/// The open tasks a care professional sees: those of their organisation, the most urgent first (the
/// earliest due date, tasks without one last; then the order they opened), a page at a time. Reads only
/// the narrow, indexed task projection, never an instance's state document; on PostgreSQL the open tasks'
/// partial index gives a page in its order without sorting.
/// </summary>
public sealed class Worklist(BlauwdrukDbContext db, PathwayCatalog catalog)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>The statuses of an open task; the partial index <c>ix_tasks_open</c> is over the same set (<see cref="OpenStatusesSql"/>).</summary>
    public static readonly IReadOnlyList<PathwayTaskStatus> OpenStatuses =
        [PathwayTaskStatus.Requested, PathwayTaskStatus.Accepted, PathwayTaskStatus.InProgress, PathwayTaskStatus.OnHold];

    /// <summary>The index's condition, from <see cref="OpenStatuses"/> as stored (the enum's names); a change to the set is a model change that needs a migration.</summary>
    internal static readonly string OpenStatusesSql = $"status IN ({string.Join(", ", OpenStatuses.Select(s => $"'{s}'"))})";

    /// <param name="clientReference">Part of the care provider's own reference to the client (any case).</param>
    public async Task<WorklistPage> PageAsync(
        Actor actor, WorklistFilter filter, CancellationToken cancellationToken, WorklistCursor? after = null, int size = DefaultPageSize, string? clientReference = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxPageSize);
        if (!catalog.IsCareProfessional(actor))
        {
            return new WorklistPage([], null);
        }

        var tasks = db.Tasks.AsNoTracking().Where(t => t.OrganisationId == actor.OrganisationId);
        // A constant list, so that PostgreSQL sees the partial index's own condition.
        tasks = filter.Status is { } status ? tasks.Where(t => t.Status == status) : tasks.Where(t => EF.Constant(OpenStatuses).Contains(t.Status));
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

        if (!string.IsNullOrWhiteSpace(clientReference))
        {
            var pattern = $"%{clientReference.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            // ILIKE on PostgreSQL; SQLite's LIKE ignores case itself.
            tasks = db is PostgresBlauwdrukDbContext
                ? tasks.Where(t => db.Instances.Any(i => i.Id == t.InstanceId && EF.Functions.ILike(i.ClientReference, pattern, "\\")))
                : tasks.Where(t => db.Instances.Any(i => i.Id == t.InstanceId && EF.Functions.Like(i.ClientReference, pattern, "\\")));
        }

        if (after is not null)
        {
            tasks = After(tasks, after);
        }

        var page = await Ordered(tasks).Take(size + 1).ToListAsync(cancellationToken);
        return page.Count > size ? new WorklistPage(page[..size], WorklistCursor.After(page[size - 1])) : new WorklistPage(page, null);
    }

    /// <summary>The tasks after the cursor in the worklist's order (due date, no due date last; activation; id).</summary>
    private static IQueryable<TaskRecord> After(IQueryable<TaskRecord> tasks, WorklistCursor cursor)
    {
        var (activated, id) = (cursor.ActivatedAt, cursor.Id);
        if (cursor.DueAt is not { } due)
        {
            return tasks.Where(t => t.DueAt == null && (t.ActivatedAt > activated || (t.ActivatedAt == activated && t.Id.CompareTo(id) > 0)));
        }

        return tasks.Where(t => t.DueAt == null || t.DueAt > due
            || (t.DueAt == due && (t.ActivatedAt > activated || (t.ActivatedAt == activated && t.Id.CompareTo(id) > 0))));
    }

    /// <summary>PostgreSQL sorts a missing due date last by itself (the index's order); SQLite sorts it first, so it is told.</summary>
    private IQueryable<TaskRecord> Ordered(IQueryable<TaskRecord> tasks) =>
        db is PostgresBlauwdrukDbContext
            ? tasks.OrderBy(t => t.DueAt).ThenBy(t => t.ActivatedAt).ThenBy(t => t.Id)
            : tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.ActivatedAt).ThenBy(t => t.Id);
}
