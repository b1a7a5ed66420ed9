using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The Meldcode route (a sub-pathway a signal starts) is need-to-know: its tasks, signals and
/// decisions are seen by the organisation that raised the concern and handles the route, and by an
/// aandachtsfunctionaris, not by everyone on the care team. The pathway itself goes on for everyone.
/// </summary>
public static class NeedToKnow
{
    public const string Lead = "aandachtsfunctionaris";

    /// <summary>Whether a step belongs to a route that a signal starts.</summary>
    public static bool IsConfidential(PathwayDefinition definition, string stepId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.FindStep(stepId)?.Within is { } within && definition.Signals.Any(s => s.Starts == within);
    }

    /// <summary>Whether the actor may see this instance's confidential route.</summary>
    public static bool MaySee(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasRole(Lead)
            || state.Signals.Any(s => s.OrganisationId == actor.OrganisationId && definition.FindSignal(s.SignalId)?.Starts is not null)
            || state.Tasks.Any(t => t.OrganisationId == actor.OrganisationId && IsConfidential(definition, t.StepId));
    }

    /// <summary>The open tasks the actor may see.</summary>
    public static IEnumerable<PathwayTask> OpenTasks(PathwayDefinition definition, InstanceState state, Actor actor) =>
        MaySee(definition, state, actor) ? state.OpenTasks : state.OpenTasks.Where(t => !IsConfidential(definition, t.StepId));

    /// <summary>
    /// A filter for the journal: for someone who may not see the confidential route, the events about
    /// it (its signal, its tasks and their escalations, its decisions and waits, a legal ground) are left out.
    /// </summary>
    public static Func<InstanceEvent, bool> Visible(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        if (MaySee(definition, state, actor))
        {
            return _ => true;
        }

        var hidden = new HashSet<Guid>();
        return @event =>
        {
            switch (@event)
            {
                case TaskActivated activated when IsConfidential(definition, activated.StepId):
                    hidden.Add(activated.TaskId);
                    return false;
                case TaskEscalated escalated when hidden.Contains(escalated.TaskId):
                    hidden.Add(escalated.EscalationTaskId);
                    return false;
                case SignalRaised raised:
                    return definition.FindSignal(raised.SignalId)?.Starts is null;
                case LegalGroundRecorded:
                    return false;
                case DecisionTaken decision:
                    return !IsConfidential(definition, decision.StepId);
                case WaitStarted wait:
                    return !IsConfidential(definition, wait.StepId);
                case WaitEnded ended:
                    return !IsConfidential(definition, ended.StepId);
                case WaitMoved moved:
                    return !IsConfidential(definition, moved.StepId);
                case JoinArrived join:
                    return !IsConfidential(definition, join.StepId);
                case PathEnded ended:
                    return !IsConfidential(definition, ended.EndStepId);
            }

            return @event is not ITaskChange change || !hidden.Contains(change.TaskId);
        };
    }
}
