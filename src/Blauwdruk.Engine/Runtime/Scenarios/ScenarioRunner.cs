using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Runtime.Scenarios;

/// <summary>What a scenario did: the timeline, the expectations that failed, the journal, and whether replaying it gives the same state.</summary>
public sealed record ScenarioResult(string Title, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<string> Failures, InstanceState? State, bool ReplayMatches)
{
    public IReadOnlyList<InstanceEvent> Journal { get; init; } = [];

    /// <summary>
    /// Where a standard scenario was played on a region's pathway, what it did for the region, in Dutch: the
    /// region's own steps it completed on the way, its municipality, the expectations it left to the region.
    /// </summary>
    public IReadOnlyList<string> Adaptations { get; init; } = [];

    /// <summary>
    /// Why a standard scenario could not be played on a region's pathway (it answers questions the region's own
    /// questionnaire does not ask); it stopped there, neither passed nor failed. Null when it played to the end.
    /// </summary>
    public string? NotApplicable { get; init; }

    public bool Passed => Failures.Count == 0 && ReplayMatches;
}

/// <summary>What a scenario's commands run on: the pure core, or the runner with a real database.</summary>
public interface IScenarioEngine
{
    /// <summary>Runs a command at a moment; returns the events it appended, or the refusal.</summary>
    Task<(IReadOnlyList<InstanceEvent> Events, Rejection? Rejection)> ApplyAsync(InstanceState? state, InstanceCommand command, DateTimeOffset now);
}

/// <summary>The pure core: <see cref="Decider.Decide"/> and nothing else.</summary>
public sealed class PureScenarioEngine(PathwayDefinition definition) : IScenarioEngine
{
    public Task<(IReadOnlyList<InstanceEvent> Events, Rejection? Rejection)> ApplyAsync(InstanceState? state, InstanceCommand command, DateTimeOffset now)
    {
        var decision = Decider.Decide(definition, state, command, now);
        return Task.FromResult((decision.Events, decision.Rejection));
    }
}

/// <summary>
/// Plays a scenario: commands at the scenario's moments, ticks whenever a reminder, escalation or
/// timer falls due while time passes, and the expectations checked where they are written. Actors are
/// the roles themselves, at the care team's organisation. By default through the pure core (no
/// database, no clock); the tests also play every scenario through the runner on both databases.
/// </summary>
public static class ScenarioRunner
{
    private const string Practice = "praktijk";
    private static readonly FhirJsonSerializer Fhir = new();

    /// <summary>
    /// Plays a scenario. Given the <paramref name="standard"/> a region's pathway derives from, a scenario of the
    /// standard adapts to the region (see <see cref="ScenarioResult.Adaptations"/>): the region's inserted steps are
    /// completed on the way (by their default), it runs in one of the region's municipalities and with the region's
    /// organisations, and deadlines the region changed are the region's to test. What it expects of the standard's
    /// steps holds as written.
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, PathwayDefinition definition, PathwayDefinition? standard = null) =>
        RunAsync(scenario, definition, new PureScenarioEngine(definition), standard).GetAwaiter().GetResult();

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, PathwayDefinition definition, IScenarioEngine engine, PathwayDefinition? standard = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(definition);
        var run = new Playback(scenario, definition, engine, standard is not null && standard.Id != definition.Id ? standard : null);
        await run.PlayAsync();
        var replayed = Decider.Replay(run.Journal);
        var matches = run.State is null || (replayed is not null && RuntimeJson.Serialize(replayed) == RuntimeJson.Serialize(run.State));
        return new ScenarioResult(scenario.Title, run.Timeline, run.Failures, run.State, matches) { Journal = run.Journal, Adaptations = run.Adaptations, NotApplicable = run.NotApplicable };
    }

    private sealed class Playback(Scenario scenario, PathwayDefinition definition, IScenarioEngine engine, PathwayDefinition? standard)
    {
        private DateTimeOffset _now = scenario.StartAt;
        private ClientIdentity? _identity;

        public InstanceState? State { get; private set; }
        public List<InstanceEvent> Journal { get; } = [];
        public List<TimelineEntry> Timeline { get; } = [];
        public List<string> Failures { get; } = [];
        public List<string> Adaptations { get; } = [];
        public string? NotApplicable { get; private set; }

        /// <summary>The scenario's care team; on a region's pathway without the organisations the region does not know.</summary>
        private readonly IReadOnlyDictionary<string, string> _careTeam = standard is null
            ? scenario.CareTeam
            : scenario.CareTeam.Where(p => definition.Organisations.Count == 0 || definition.Organisations.Any(o => o.Id == p.Value || o.ActorId == p.Value)).ToDictionary();

        private string OrganisationOf(string role) => _careTeam.GetValueOrDefault(role, State?.CareTeam.GetValueOrDefault(role) ?? Practice);

        private Actor ActorFor(string role, string? organisation = null) => new(role, [role], organisation ?? OrganisationOf(role));

        /// <summary>A step by its label, as the coordinator knows it.</summary>
        private string Named(string stepId) => (definition.FindStep(stepId) ?? standard?.FindStep(stepId))?.Label is { } label ? $"'{label}'" : stepId;

        /// <summary>Whether the region removed this step of the standard (noted once per expectation line).</summary>
        private bool Removed(string stepId, int line)
        {
            if (standard?.FindStep(stepId) is null || definition.FindStep(stepId) is not null)
            {
                return false;
            }

            var note = $"Regel {line}: de regio heeft de stap {Named(stepId)} verwijderd; wat het scenario daarover zegt is overgeslagen.";
            if (!Adaptations.Contains(note))
            {
                Adaptations.Add(note);
            }

            return true;
        }

        /// <summary>The scenario's municipality, or on a region's pathway that does not serve it, the region's first.</summary>
        private string Municipality()
        {
            if (standard is null || definition.Municipalities.Count == 0 || definition.Municipalities.Any(m => m.Code == scenario.Municipality))
            {
                return scenario.Municipality;
            }

            var own = definition.Municipalities[0];
            Adaptations.Add($"Gespeeld in de gemeente {own.Name} van de regio, in plaats van {scenario.Municipality}.");
            return own.Code;
        }

        public async Task PlayAsync()
        {
            var start = new StartInstance(InstanceId(), "SCENARIO", Municipality(), _careTeam.Where(p => p.Key != scenario.StartedBy).ToDictionary())
            {
                By = ActorFor(scenario.StartedBy),
                ExpectedDeliveryDate = scenario.ExpectedDeliveryDate,
            };
            await ApplyAsync(start, scenario.StartLine);
            foreach (var step in scenario.Steps)
            {
                if (State is null || NotApplicable is not null)
                {
                    return;
                }

                if (step.After is { } after)
                {
                    await PassAsync(after);
                }

                switch (step)
                {
                    case WaitStep:
                        break;
                    case CompleteStep complete when Unasked(complete) is { } unasked:
                        NotApplicable = $"Regel {complete.Line}: de regio vraagt bij {Named(complete.StepId)} een eigen vragenlijst zonder {string.Join(", ", unasked.Select(q => $"'{q}'"))}; dit scenario van de standaard is vanaf hier niet te toetsen. Toets deze stap met een eigen scenario.";
                        break;
                    case CompleteStep complete when await OpenTaskAsync(complete.StepId, complete.Line) is { } task:
                        await ApplyAsync(new CompleteTask(task.Id, complete.Outcome) { By = ActorForTask(task, step.By), Resources = Answers(complete, task), ReferredTo = complete.ReferredTo }, step.Line);
                        break;
                    case ClaimStep claim when await OpenTaskAsync(claim.StepId, claim.Line) is { } task:
                        await ApplyAsync(new ClaimTask(task.Id) { By = ActorForTask(task, step.By) }, step.Line);
                        break;
                    case CancelStep cancel when await OpenTaskAsync(cancel.StepId, cancel.Line) is { } task:
                        await ApplyAsync(new CancelTask(task.Id, cancel.Reason) { By = ActorForTask(task, step.By) }, step.Line);
                        break;
                    case SignalStep signal:
                        await ApplyAsync(new RaiseSignal(signal.SignalId) { By = ActorFor(step.By ?? scenario.StartedBy), OccurredOn = signal.On, Reason = signal.Reason }, step.Line);
                        break;
                    case DateStep date:
                        await ApplyAsync(new RecordClinicalDate(date.Date, date.Value) { By = ActorFor(step.By ?? scenario.StartedBy) }, step.Line);
                        break;
                    case CloseStep close:
                        await ApplyAsync(new CloseInstance(close.Reason) { By = ActorFor(step.By ?? scenario.StartedBy) }, step.Line);
                        break;
                    case ExpectStep expect:
                        await PassRegionalStepsAsync([.. expect.Open, .. expect.Due.Keys, .. expect.Organisation.Keys, .. expect.Overdue], expect.Line, untilDone: expect.Status is not null);
                        Check(expect);
                        break;
                    case IdentifyStep identify:
                        // "geen": a client without a BSN (yet), named by a temporary identifier.
                        _identity = new ClientIdentity(identify.Bsn == "geen" ? null : identify.Bsn, "Scenario", "Cliënt", new DateOnly(1995, 1, 1));
                        await ApplyAsync(new RecordIdentity(_identity) { By = ActorFor(step.By ?? scenario.StartedBy) }, step.Line);
                        break;
                    case ConsentStep consent:
                        await ApplyAsync(new RecordConsent(consent.Kind) { By = ActorFor(step.By ?? scenario.StartedBy), PreviewVersion = consent.Preview }, step.Line);
                        break;
                    case WithdrawStep withdraw:
                        await ApplyAsync(new WithdrawConsent(withdraw.Kind) { By = ActorFor(step.By ?? scenario.StartedBy) }, step.Line);
                        break;
                    case GroundStep ground:
                        await ApplyAsync(new RecordLegalGround(ground.Basis == LegalBasis.Meldrecht ? ShareRecipient.VeiligThuis : ShareRecipient.Jgz, ground.Basis, ground.Reason)
                        {
                            By = ActorFor(step.By ?? RecordLegalGround.PermittedRole),
                            Kind = ground.Kind,
                            Weighing = ground.Basis == LegalBasis.ConflictOfDuties
                                ? new ConflictOfDutiesWeighing(ground.Professional ?? "", ground.WhyNoConsent ?? "", [.. ground.Data], ground.Until ?? default)
                                : null,
                        }, step.Line);
                        break;
                    case SendStep send when await OpenTaskAsync(send.StepId, send.Line) is { } task:
                        var sender = ActorForTask(task, step.By);
                        // The documents drawn up before the send, as the runner's handover participant does, so that a
                        // consent to another preview than the content is refused here too.
                        var handover = new SendHandover(task.Id) { By = sender };
                        await ApplyAsync(_identity is not null && handover.Sendable(definition, State, _now) is { } kind
                            ? handover.WithDocuments(definition, State, Journal, kind, _identity, _now)
                            : handover, step.Line);
                        break;
                    case AcknowledgeStep acknowledge when await OpenTaskAsync(acknowledge.StepId, acknowledge.Line) is { } task:
                        var recipientRole = definition.Step(task.StepId).Recipient ?? "jgz-verpleegkundige";
                        var recipient = HandoverReadiness.RecipientOf(definition, State) ?? OrganisationOf(recipientRole);
                        await ApplyAsync(new AcknowledgeHandover(task.Id) { By = ActorFor(step.By ?? recipientRole, recipient), Child = acknowledge.Child }, step.Line);
                        break;
                }
            }
        }

        private Guid InstanceId() => new(SHA256.HashData(Encoding.UTF8.GetBytes(scenario.Title))[..16]);

        private async Task<PathwayTask?> OpenTaskAsync(string stepId, int line)
        {
            if (Removed(stepId, line))
            {
                return null;
            }

            await PassRegionalStepsAsync([stepId], line);
            var task = State!.OpenTasks.FirstOrDefault(t => t.StepId == stepId && t.EscalationOf is null);
            if (task is null)
            {
                Fail(line, $"taak {Named(stepId)} is niet open (open: {OpenSteps()})");
            }

            return task;
        }

        /// <summary>On a region's pathway that replaced a step's questionnaire: the questions the scenario answers that it no longer asks (their text); else null.</summary>
        private List<string>? Unasked(CompleteStep complete)
        {
            if (standard?.FindStep(complete.StepId)?.Questionnaire is not { } standardId || definition.FindStep(complete.StepId)?.Questionnaire is not { } own || own == standardId
                || standard.FindQuestionnaire(standardId) is not { } original || definition.FindQuestionnaire(own) is not { } replaced)
            {
                return null;
            }

            var asked = replaced.Resource.Item.Flatten().Select(i => i.LinkId).ToHashSet();
            var unasked = (complete.Answers ?? []).Concat(complete.Values?.Keys ?? []).Where(linkId => !asked.Contains(linkId))
                .Select(linkId => original.Resource.Item.Flatten().FirstOrDefault(i => i.LinkId == linkId)?.Text ?? linkId).ToList();
            return unasked.Count > 0 ? unasked : null;
        }

        /// <summary>
        /// On a region's pathway, while a step of the standard the scenario waits for is not open and a step the region
        /// added is, that step is done by its role with its default (its first outcome when it has outcomes).
        /// </summary>
        private async Task PassRegionalStepsAsync(IReadOnlyCollection<string> wanted, int line, bool untilDone = false)
        {
            for (var guard = 0; standard is not null && guard < 50 && State is { Status: InstanceStatus.Active }; guard++)
            {
                var open = State.OpenTasks.Where(t => t.EscalationOf is null).ToList();
                if ((!untilDone && wanted.All(w => open.Any(t => t.StepId == w) || standard.FindStep(w) is null || definition.FindStep(w) is null))
                    || open.FirstOrDefault(t => standard.FindStep(t.StepId) is null) is not { } regional)
                {
                    return;
                }

                var step = definition.Step(regional.StepId);
                var outcome = step.Outcomes.Count > 0 ? step.Outcomes[0].Id : null;
                Adaptations.Add($"Regionale stap {Named(step.Id)} afgerond{(outcome is null ? "" : $" met '{step.Outcomes[0].Label}'")}, op weg naar {string.Join(", ", wanted.Where(w => open.All(t => t.StepId != w)).Distinct().Select(Named))}.");
                var failures = Failures.Count;
                await ApplyAsync(new CompleteTask(regional.Id, outcome) { By = ActorForTask(regional, null) }, line);
                if (Failures.Count > failures)
                {
                    return;
                }
            }
        }

        /// <summary>The task's own role, or for the Meldcode's melder the professional who raised the signal.</summary>
        private Actor ActorForTask(PathwayTask task, string? role)
        {
            var raiser = definition.FindRole(task.Role)?.Assignment == RoleAssignment.Raiser;
            var acting = role ?? (raiser ? State!.Signals.LastOrDefault()?.By ?? scenario.StartedBy : task.Role);
            return ActorFor(acting, task.OrganisationId);
        }

        private List<string> Answers(CompleteStep complete, PathwayTask task)
        {
            if (complete.Answers is null && complete.Values is null)
            {
                return [];
            }

            var questionnaire = definition.FindStep(task.StepId)?.Questionnaire is { } id ? definition.FindQuestionnaire(id) : null;
            if (questionnaire is null)
            {
                Fail(complete.Line, $"stap {Named(task.StepId)} heeft geen vragenlijst om te beantwoorden");
                return [];
            }

            var response = new QuestionnaireResponse
            {
                Questionnaire = questionnaire.Url,
                Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                Authored = _now.ToString("o", CultureInfo.InvariantCulture),
                Item = Answered(questionnaire.Resource.Item, complete),
            };
            if (complete.Values is { } values && values.Keys.FirstOrDefault(k => !questionnaire.Resource.Item.Flatten().Any(i => i.LinkId == k)) is { } unknown)
            {
                Fail(complete.Line, $"de vragenlijst '{questionnaire.Resource.Title}' heeft geen vraag '{unknown}'");
            }

            return [Fhir.SerializeToString(response)];
        }

        /// <summary>
        /// The answers a scenario gives, group by group. A list of linkIds answers every yes/no question
        /// of a group (yes when listed) and gives each text a line; a mapping answers only what it names.
        /// </summary>
        private List<QuestionnaireResponse.ItemComponent> Answered(IEnumerable<Questionnaire.ItemComponent> items, CompleteStep complete)
        {
            var answered = new List<QuestionnaireResponse.ItemComponent>();
            foreach (var item in items)
            {
                if (item.Type == Questionnaire.QuestionnaireItemType.Group)
                {
                    var children = Answered(item.Item, complete);
                    if (children.Count > 0)
                    {
                        answered.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.LinkId, Item = children });
                    }

                    continue;
                }

                var value = complete.Values is { } values
                    ? item.LinkId is { } linkId && values.TryGetValue(linkId, out var text) ? Typed(item, text, complete.Line) : null
                    : item.Type is Questionnaire.QuestionnaireItemType.Text or Questionnaire.QuestionnaireItemType.String
                        ? new FhirString($"Onderbouwing uit het scenario (regel {complete.Line}).")
                        : item.Type == Questionnaire.QuestionnaireItemType.Boolean ? new FhirBoolean(complete.Answers!.Contains(item.LinkId)) : null;
                if (value is not null)
                {
                    answered.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.LinkId, Answer = [new QuestionnaireResponse.AnswerComponent { Value = value }] });
                }
            }

            return answered;
        }

        private DataType? Typed(Questionnaire.ItemComponent item, string text, int line)
        {
            DataType? value = item.Type switch
            {
                Questionnaire.QuestionnaireItemType.Boolean => text is "true" or "false" ? new FhirBoolean(text == "true") : null,
                Questionnaire.QuestionnaireItemType.Integer => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? new Integer(number) : null,
                Questionnaire.QuestionnaireItemType.Decimal => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? new FhirDecimal(amount) : null,
                Questionnaire.QuestionnaireItemType.Date => Date.IsValidValue(text) ? new Date(text) : null,
                Questionnaire.QuestionnaireItemType.Time => Time.IsValidValue(text + ":00") ? new Time(text + ":00") : null,
                Questionnaire.QuestionnaireItemType.Choice => item.AnswerOption.Select(o => o.Value).OfType<Coding>().FirstOrDefault(c => c.Code == text)?.DeepCopy() as Coding,
                _ => new FhirString(text),
            };
            if (value is null)
            {
                Fail(line, $"'{text}' is geen geldig antwoord op '{item.LinkId}' ({item.Type})");
            }

            return value;
        }

        /// <summary>Lets time pass, ticking at every moment something falls due on the way.</summary>
        private async Task PassAsync(PathwayDuration duration)
        {
            var target = duration.WorkingDays > 0 ? DutchWorkingDays.Add(definition.WorkingDays, _now, duration.WorkingDays) : _now + duration.Calendar;
            for (var guard = 0; guard < 1000 && State is { Status: InstanceStatus.Active } && Deadlines.NextDue(definition, State) is { } next && next <= target; guard++)
            {
                _now = next > _now ? next : _now;
                await ApplyAsync(new Tick { By = Tick.System }, 0);
            }

            _now = target;
            if (State is { Status: InstanceStatus.Active })
            {
                await ApplyAsync(new Tick { By = Tick.System }, 0);
            }
        }

        private async Task ApplyAsync(InstanceCommand command, int line)
        {
            var (events, rejection) = await engine.ApplyAsync(State, command, _now);
            if (rejection is not null)
            {
                Fail(line, $"{Action(command)} geweigerd: {rejection.Message}");
                return;
            }

            foreach (var @event in events)
            {
                Journal.Add(@event);
                if (Runtime.Timeline.Describe(definition, State, @event) is { } text)
                {
                    Timeline.Add(new TimelineEntry(@event.At, text));
                }

                State = Decider.Evolve(State, @event);
            }
        }

        private void Check(ExpectStep expect)
        {
            var state = State!;
            var open = state.OpenTasks.Where(t => t.EscalationOf is null).ToList();
            foreach (var step in expect.Open.Where(s => !Removed(s, expect.Line) && open.All(t => t.StepId != s)))
            {
                Fail(expect.Line, $"verwacht open: {Named(step)}; open zijn: {OpenSteps()}");
            }

            foreach (var step in expect.NotOpen.Where(s => open.Any(t => t.StepId == s)))
            {
                Fail(expect.Line, $"verwacht niet open: {Named(step)}");
            }

            // Finished tasks have left the state; the journal says which step each task was for.
            var stepOf = Journal.OfType<TaskActivated>().ToDictionary(a => a.TaskId, a => a.StepId);
            foreach (var step in expect.Cancelled.Where(s => !Removed(s, expect.Line) && !Journal.OfType<TaskCancelled>().Any(c => !c.Failed && stepOf.GetValueOrDefault(c.TaskId) == s)))
            {
                Fail(expect.Line, $"verwacht vervallen: {Named(step)}");
            }

            foreach (var step in expect.Escalated.Where(s => !Removed(s, expect.Line) && !Journal.OfType<TaskEscalated>().Any(e => stepOf.GetValueOrDefault(e.TaskId) == s)))
            {
                Fail(expect.Line, $"verwacht geëscaleerd: {Named(step)}");
            }

            foreach (var step in expect.Overdue.Where(s => !Removed(s, expect.Line) && !open.Any(t => t.StepId == s && t.IsOverdue(_now))))
            {
                Fail(expect.Line, $"verwacht over de termijn: {Named(step)}");
            }

            foreach (var (step, to) in expect.Decided)
            {
                var taken = Journal.OfType<DecisionTaken>().LastOrDefault(d => d.StepId == step);
                if (taken?.To != to)
                {
                    Fail(expect.Line, $"verwacht dat beslissing {Named(step)} naar {Named(to)} gaat; {(taken is null ? "die is niet genomen" : $"ging naar {Named(taken.To)}")}");
                }
            }

            foreach (var (step, date) in expect.Due.Where(d => !Removed(d.Key, expect.Line)))
            {
                if (standard?.FindStep(step) is { } standardStep && definition.FindStep(step)?.Deadline != standardStep.Deadline)
                {
                    Adaptations.Add($"Regel {expect.Line}: de termijn van {Named(step)} is door de regio gewijzigd; de verwachte datum uit de standaard is niet getoetst.");
                    continue;
                }

                var due = open.FirstOrDefault(t => t.StepId == step)?.DueAt;
                if (due is null || DutchWorkingDays.DateOf(due.Value.AddTicks(-1)) != date)
                {
                    Fail(expect.Line, $"verwacht dat {Named(step)} uiterlijk {DutchWorkingDays.Written(date)} klaar moet zijn; termijn: {(due is null ? "geen" : Runtime.Timeline.Local(due.Value))}");
                }
            }

            foreach (var (step, organisation) in expect.Organisation.Where(o => !Removed(o.Key, expect.Line)))
            {
                if (standard is not null && !_careTeam.Values.Contains(organisation) && organisation != Practice)
                {
                    Adaptations.Add($"Regel {expect.Line}: {Named(step)} ligt in de regio bij haar eigen organisatie; de organisatie uit de standaard ('{organisation}') is niet getoetst.");
                    continue;
                }

                var actual = Journal.OfType<TaskActivated>().LastOrDefault(a => a.StepId == step)?.OrganisationId;
                if (actual != organisation)
                {
                    Fail(expect.Line, $"verwacht dat {Named(step)} bij {organisation} ligt; ligt bij {actual ?? "niemand"}");
                }
            }

            if (expect.Status is { } status && !string.Equals(state.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            {
                Fail(expect.Line, $"verwachte status {status}; status is {state.Status.ToString().ToLowerInvariant()}"
                    + (state.Status == InstanceStatus.Active ? $" (open: {OpenSteps()}; wacht bij: {string.Join(", ", state.Waiting.Select(w => Named(w.StepId)).Concat(state.JoinArrivals.Where(j => j.Value > 0).Select(j => Named(j.Key))).DefaultIfEmpty("niets"))})" : ""));
            }

            if (expect.Phase is { } phase && !string.Equals(state.Phase.ToString(), phase, StringComparison.OrdinalIgnoreCase))
            {
                Fail(expect.Line, $"verwachte fase {phase}; fase is {state.Phase.ToString().ToLowerInvariant()}");
            }
        }

        private string OpenSteps() => string.Join(", ", State!.OpenTasks.Select(t => Named(t.StepId)).DefaultIfEmpty("geen"));

        /// <summary>What the scenario tried, in Dutch, for a refusal.</summary>
        private string Action(InstanceCommand command) => command switch
        {
            StartInstance => "Het starten",
            CompleteTask complete when State?.FindTask(complete.TaskId) is { } task => $"Het afronden van {Named(task.StepId)}",
            CompleteTask => "Het afronden van de taak",
            ClaimTask => "Het oppakken van de taak",
            CancelTask => "Het annuleren van de taak",
            RaiseSignal => "Het signaal",
            RecordClinicalDate => "Het vastleggen van de datum",
            CloseInstance => "Het sluiten",
            RecordIdentity => "Het vastleggen van de identiteit",
            RecordConsent => "De toestemming",
            WithdrawConsent => "Het intrekken van de toestemming",
            RecordLegalGround => "De grondslag",
            SendHandover => "Het versturen van de overdracht",
            AcknowledgeHandover => "De ontvangstbevestiging",
            _ => "De stap",
        };

        /// <summary>A failure at its scenario line; one the runner met on its own way (line 0) names only the file.</summary>
        private void Fail(int line, string message) => Failures.Add(line > 0 ? $"{scenario.SourceFile}:{line}: {message}" : $"{scenario.SourceFile}: {message}");
    }
}
