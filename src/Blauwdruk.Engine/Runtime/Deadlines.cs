using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// When a step is due. Relative deadlines count from activation (calendar time, or Dutch working days
/// at the same time of day). Deadlines anchored on a clinical date fall at the end of the Dutch day
/// they land on ("binnen 10 dagen na de geboorte": by the end of day 10); while the date is unknown,
/// the task has no due date yet and gets one when the date is recorded. Working days are those of the
/// instance's pathway (<see cref="PathwayDefinition.WorkingDays"/>).
/// </summary>
public static class Deadlines
{
    public static DateTimeOffset? DueAt(HolidayCalendar workingDays, Deadline? deadline, DateTimeOffset activatedAt, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        ArgumentNullException.ThrowIfNull(state);
        if (deadline is null)
        {
            return null;
        }

        var sign = deadline.BeforeAnchor ? -1 : 1;
        if (deadline.Anchor == DeadlineAnchor.Activation)
        {
            return deadline.Duration.WorkingDays > 0
                ? DutchWorkingDays.Add(workingDays, activatedAt, sign * deadline.Duration.WorkingDays)
                : activatedAt + (sign * deadline.Duration.Calendar);
        }

        DateOnly? anchor = deadline.Anchor == DeadlineAnchor.BirthDate ? state.BirthDate : state.ExpectedDeliveryDate;
        if (anchor is not { } date)
        {
            return null;
        }

        if (deadline.Duration.WorkingDays > 0)
        {
            var startOfDay = DutchWorkingDays.EndOfDay(date.AddDays(-1));
            var landed = DutchWorkingDays.DateOf(DutchWorkingDays.Add(workingDays, startOfDay, sign * deadline.Duration.WorkingDays));
            return DutchWorkingDays.EndOfDay(landed);
        }

        return DutchWorkingDays.EndOfDay(date.AddDays(sign * (int)deadline.Duration.Calendar.TotalDays));
    }

    /// <summary>When a reminder for the task is due, if its step asks for one.</summary>
    public static DateTimeOffset? RemindAt(HolidayCalendar workingDays, PathwayTask task, Deadline? deadline)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        ArgumentNullException.ThrowIfNull(task);
        if (task.DueAt is not { } due || deadline?.RemindBefore is not { } before)
        {
            return null;
        }

        return before.WorkingDays > 0 ? DutchWorkingDays.Add(workingDays, due, -before.WorkingDays) : due - before.Calendar;
    }

    /// <summary>The next moment a tick has something to do for this instance: a reminder, an escalation or a timer.</summary>
    public static DateTimeOffset? NextDue(PathwayDefinition definition, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != InstanceStatus.Active)
        {
            return null;
        }

        var moments = new List<DateTimeOffset>();
        foreach (var task in state.OpenTasks.Where(t => t.EscalationOf is null))
        {
            var deadline = definition.FindStep(task.StepId)?.Deadline;
            if (task.RemindedAt is null && RemindAt(definition.WorkingDays, task, deadline) is { } remind)
            {
                moments.Add(remind);
            }

            if (task.EscalatedAt is null && deadline?.EscalateTo is not null && task.DueAt is { } due)
            {
                moments.Add(due);
            }
        }

        moments.AddRange(state.Waiting.Select(w => w.Until).OfType<DateTimeOffset>());
        return moments.Count == 0 ? null : moments.Min();
    }
}
