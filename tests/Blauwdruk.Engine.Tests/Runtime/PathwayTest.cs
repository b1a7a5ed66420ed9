using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// One client's pathway run through the pure core, in the words of the care: given a pathway, start it for
/// a client, complete steps, raise signals, let the clock run, then look at what is open. Every command goes
/// through <see cref="Decider.Decide"/> at <see cref="Clock"/>'s time and its events are folded into
/// <see cref="State"/> with <see cref="Decider.Evolve"/>, as the runner does; no database, no mocks.
/// </summary>
/// <remarks>
/// The plain verbs (<see cref="Start"/>, <see cref="Complete"/>, <see cref="Raise"/>, <see cref="Given"/>)
/// are the care going as it should: a refusal fails the test. The <c>Try</c> verbs return the decision
/// whatever it is, for a test about a refusal; a refused command changes nothing.
/// </remarks>
/// <param name="startsAt">Where the clock starts; by default Monday 2 March 2026, 10:00 in Amsterdam, an ordinary working day.</param>
public abstract class PathwayTest(DateTimeOffset? startsAt = null)
{
    protected const string Practice = "ura:90000101";

    /// <summary>The midwife of the practice: she starts the pathway unless a test says who does.</summary>
    protected static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], Practice);

    private readonly List<InstanceEvent> _journal = [];
    private PathwayDefinition? _pathway;
    private Actor _starter = Midwife;

    protected FakeTimeProvider Clock { get; } = new(startsAt ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The pathway the client runs, once given.</summary>
    protected PathwayDefinition Definition =>
        _pathway ?? throw new InvalidOperationException("No pathway yet: call GivenStandardPathway(), GivenOperationalPathway(region) or GivenPathway(definition) first.");

    /// <summary>The client's instance as the events so far made it; null before the start.</summary>
    protected InstanceState? State { get; private set; }

    /// <summary>The events of the last command.</summary>
    protected IReadOnlyList<InstanceEvent> Events { get; private set; } = [];

    /// <summary>Every event so far, in order.</summary>
    protected IReadOnlyList<InstanceEvent> Journal => _journal;

    /// <summary>The instance's id (fixed, so task ids are the same on every run).</summary>
    protected Guid InstanceId { get; } = Guid.Parse("0195f3a0-0000-7000-8000-000000000001");

    protected static TimeSpan Days(int days) => TimeSpan.FromDays(days);

    /// <summary>The standard Blauwdruk as it is in pathways/blauwdruk.</summary>
    protected void GivenStandardPathway() => GivenPathway(TestPathways.Standard);

    /// <summary>A region's operational pathway: its overlay in pathways/regio merged with the standard.</summary>
    protected void GivenOperationalPathway(string region)
    {
        var merged = TestPathways.MergeOverlay(TestPathways.Region(region));
        Assert.True(merged.IsValid, string.Join("\n", merged.Errors));
        GivenPathway(merged.Definition!);
    }

    protected void GivenPathway(PathwayDefinition definition) => _pathway = definition;

    /// <summary>Starts the pathway for a client, by the midwife unless someone else is named.</summary>
    protected Decision Start(string client = "CL-1", Actor? by = null, Dictionary<string, string>? careTeam = null) =>
        Given(Starting(client, by, careTeam, "GM0599"));

    protected Decision TryStart(string client = "CL-1", Actor? by = null, Dictionary<string, string>? careTeam = null, string municipality = "GM0599") =>
        Try(Starting(client, by, careTeam, municipality));

    /// <summary>Completes the open task of a step, by whoever started the pathway unless someone else is named.</summary>
    protected Decision Complete(string step, string? outcome = null, Actor? by = null) => Given(Completing(step, outcome, by));

    protected Decision TryComplete(string step, string? outcome = null, Actor? by = null) => Try(Completing(step, outcome, by));

    /// <summary>Raises a signal (the birth, a safety concern), by whoever started the pathway unless someone else is named.</summary>
    protected Decision Raise(string signal, Actor? by = null, int newborns = 1) =>
        Given(new RaiseSignal(signal) { By = by ?? _starter, Newborns = newborns });

    /// <summary>Runs a command that the care expects to be accepted: a refusal fails the test.</summary>
    protected Decision Given(InstanceCommand command)
    {
        var decision = Try(command);
        Assert.Null(decision.Rejection);
        return decision;
    }

    /// <summary>Runs a command and returns its decision, accepted or refused; a refusal has no events and changes nothing.</summary>
    protected Decision Try(InstanceCommand command)
    {
        var decision = Decider.Decide(Definition, State, command, Clock.GetUtcNow());
        Events = decision.Events;
        if (command is StartInstance && decision.Rejection is null)
        {
            _starter = command.By;
        }

        foreach (var @event in decision.Events)
        {
            _journal.Add(@event);
            State = Decider.Evolve(State, @event);
        }

        return decision;
    }

    /// <summary>The one open task of a step.</summary>
    protected PathwayTask OpenTask(string step) => Assert.Single(Started.OpenTasks, t => t.StepId == step);

    /// <summary>The steps with an open task, in alphabetical order.</summary>
    protected string[] OpenSteps() => Started.OpenTasks.Select(t => t.StepId).Order().ToArray();

    /// <summary>The step's task is open, for the role (and organisation) when named; returns it.</summary>
    protected PathwayTask ThenTaskIsOpen(string step, string? role = null, string? organisation = null)
    {
        var task = OpenTask(step);
        if (role is not null)
        {
            Assert.Equal(role, task.Role);
        }

        if (organisation is not null)
        {
            Assert.Equal(organisation, task.OrganisationId);
        }

        return task;
    }

    private InstanceState Started => State ?? throw new InvalidOperationException("The pathway has not started: call Start(...) first.");

    private StartInstance Starting(string client, Actor? by, Dictionary<string, string>? careTeam, string municipality) =>
        new(InstanceId, client, municipality, careTeam ?? []) { By = by ?? Midwife };

    private CompleteTask Completing(string step, string? outcome, Actor? by) => new(OpenTask(step).Id, outcome) { By = by ?? _starter };
}
