using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Who may see and do what with a client's pathway: every access rule of the product, once. The
/// decider, the read service of the web app, the REST endpoints and the FHIR facade all ask here, so
/// that a rule fixed in one place is fixed everywhere (ADR 0007, ADR 0010).
/// </summary>
public static class Access
{
    /// <summary>The role that sees every Meldcode route of the care team's clients and records legal grounds.</summary>
    public const string MeldcodeLead = "aandachtsfunctionaris";

    /// <summary>The purposes an access is recorded under (the access log).</summary>
    public const string Care = "care";
    public const string Handover = "handover";
    public const string Meldcode = "meldcode";

    /// <summary>The client herself, on her own page: the purpose of her reads and the role she signs in with.</summary>
    public const string ClientPurpose = "client";

    public const string ClientRole = "client";

    /// <summary>
    /// Whether the actor is this pathway's client: signed in as herself and matched on her verified BSN
    /// against the identity her midwife recorded (<see cref="Actor.ClientOf"/>, set only by that match).
    /// </summary>
    public static bool IsClient(InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.ClientOf == state.Id && actor.HasRole(ClientRole);
    }

    /// <summary>
    /// Whether the actor is a care professional of this client's care team: they hold a role of the
    /// pathway, and their organisation leads the care or holds a role in it other than receiving a
    /// handover. A colleague in another role (a regional coordinator of the same VSV) sees nothing of the
    /// client; the JGZ sees only the handovers addressed to it and the tasks given to it, never the file.
    /// </summary>
    public static bool IsOnCareTeam(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Roles.Any(role => definition.FindRole(role) is not null)
            && (state.LeadOrganisation == actor.OrganisationId
                || state.CareTeam.Any(member => member.Value == actor.OrganisationId && !definition.Steps.Any(s => s.Recipient == member.Key)));
    }

    /// <summary>Whether the actor's organisation leads the pathway: it sees who read the client's file.</summary>
    public static bool Leads(InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return state.LeadOrganisation == actor.OrganisationId;
    }

    /// <summary>Whether the actor holds a care role of the pathway that is part of a care team (not only receiving a handover).</summary>
    public static bool HoldsCareRole(PathwayDefinition definition, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Roles.Any(role => definition.FindRole(role) is { CareTeam: true });
    }

    /// <summary>
    /// Whether the actor may act on a task: it is for their organisation and they hold its role. A role
    /// held by whoever raised the signal (the Meldcode's melder) is any care role at that organisation.
    /// </summary>
    public static bool MayActOn(PathwayDefinition definition, PathwayTask task, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(actor);
        var holdsRole = definition.FindRole(task.Role)?.Assignment == RoleAssignment.Raiser
            ? HoldsCareRole(definition, actor)
            : actor.HasRole(task.Role);
        return task.OrganisationId == actor.OrganisationId && holdsRole;
    }

    /// <summary>Whether the actor's organisation received a handover of this client and the actor holds a role of the pathway.</summary>
    public static bool IsRecipient(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return state.Handovers.Any(h => Received(h, actor)) && actor.Roles.Any(role => definition.FindRole(role) is not null);
    }

    /// <summary>Whether a sent handover document is the actor's organisation's to read and acknowledge.</summary>
    public static bool Received(SentHandover handover, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(handover);
        ArgumentNullException.ThrowIfNull(actor);
        return handover.Recipient == actor.OrganisationId;
    }

    /// <summary>
    /// Whether the actor may give this command on this instance at all: the care team may; the engine's
    /// own tick may; the JGZ that received a handover may give the commands of a recipient (read,
    /// acknowledge); someone outside the care team acts only on a task given to their organisation and role.
    /// </summary>
    public static bool MayCommand(PathwayDefinition definition, InstanceState state, InstanceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command is Tick
            || IsOnCareTeam(definition, state, command.By)
            || command is IRecipientCommand && IsRecipient(definition, state, command.By)
            || command is IClientCommand && IsClient(state, command.By)
            || command is ITaskCommand onTask && state.FindTask(onTask.TaskId) is { } task && MayActOn(definition, task, command.By);
    }

    /// <summary>
    /// What a task's page may show the actor: the task with the client's file for the care team (when the
    /// task is not on a route hidden from them), the task alone for someone outside it who was given the
    /// task (the JGZ's home visit), or nothing.
    /// </summary>
    public static TaskVisibility TaskVisibility(PathwayDefinition definition, InstanceState state, PathwayTask task, Actor actor)
    {
        if (IsOnCareTeam(definition, state, actor))
        {
            return OpenTasks(definition, state, actor).Any(t => t.Id == task.Id) ? Runtime.TaskVisibility.WithFile : Runtime.TaskVisibility.None;
        }

        return MayActOn(definition, task, actor) ? Runtime.TaskVisibility.TaskOnly : Runtime.TaskVisibility.None;
    }

    /// <summary>Whether a step belongs to a route that a signal starts (the Meldcode): need-to-know.</summary>
    public static bool IsConfidential(PathwayDefinition definition, string stepId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.FindStep(stepId)?.Within is { } within && definition.Signals.Any(s => s.Starts == within);
    }

    /// <summary>
    /// Whether the actor may see this instance's confidential route: the organisation that raised the
    /// concern and the one handling the route, and an aandachtsfunctionaris; not everyone on the care team.
    /// </summary>
    public static bool MaySeeConfidential(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasRole(MeldcodeLead)
            || state.Signals.Any(s => s.OrganisationId == actor.OrganisationId && definition.FindSignal(s.SignalId)?.Starts is not null)
            || state.Tasks.Any(t => t.OrganisationId == actor.OrganisationId && IsConfidential(definition, t.StepId));
    }

    /// <summary>The open tasks the actor may see.</summary>
    public static IEnumerable<PathwayTask> OpenTasks(PathwayDefinition definition, InstanceState state, Actor actor) =>
        MaySeeConfidential(definition, state, actor) ? state.OpenTasks : state.OpenTasks.Where(t => !IsConfidential(definition, t.StepId));

    /// <summary>
    /// A filter for the journal: for someone who may not see the confidential route, the events about
    /// it (its signal, its tasks and their escalations, its decisions and waits, a legal ground) are left out.
    /// </summary>
    public static Func<InstanceEvent, bool> Visible(PathwayDefinition definition, InstanceState state, Actor actor)
    {
        if (MaySeeConfidential(definition, state, actor))
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
                case JoinReset reset:
                    return !IsConfidential(definition, reset.StepId);
                case PathEnded ended:
                    return !IsConfidential(definition, ended.EndStepId);
            }

            return @event is not ITaskChange change || !hidden.Contains(change.TaskId);
        };
    }

    /// <summary>The purpose a command's access is recorded under: the Meldcode route, a handover, or normal care.</summary>
    public static string PurposeOf(PathwayDefinition? definition, InstanceState? state, InstanceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.By.HasRole(ClientRole) && command.By.ClientOf is not null)
        {
            return ClientPurpose;
        }

        if (command.AccessPurpose(definition) is { } own)
        {
            return own;
        }

        var step = command is ITaskCommand onTask ? state?.FindTask(onTask.TaskId)?.StepId : null;
        return step is not null && definition is not null && IsConfidential(definition, step) ? Meldcode : Care;
    }
}

/// <summary>What a task's page may show: nothing, the task alone, or the task with the client's file.</summary>
public enum TaskVisibility
{
    None,
    TaskOnly,
    WithFile,
}

/// <summary>A command the client may give on her own pathway (her consent, its withdrawal, a request for a correction).</summary>
public interface IClientCommand;

/// <summary>A command the receiving organisation of a handover gives (read, acknowledge): it is not on the care team.</summary>
public interface IRecipientCommand;
