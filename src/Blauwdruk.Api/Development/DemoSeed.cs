using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Api.Development;

/// <summary>
/// On the first start of an empty database in Development: a few made-up clients at different points
/// of the pathway, in both demo regions, so a newcomer sees something real at once.
/// Turned off with <c>Seed:DemoData=false</c>.
/// </summary>
internal static class DemoSeed
{
    /// <param name="Completed">The tasks completed so far, in order, as <c>STEP</c> or <c>STEP:outcome</c>.</param>
    private sealed record DemoClient(string Reference, string Municipality, string MidwifeId, string[] Completed, Dictionary<string, string> CareTeam);

    private static readonly DemoClient[] Clients =
    [
        new("DEMO-RZ-001", "GM0599", "verloskundige-maas", [], []),
        new("DEMO-RZ-002", "GM0599", "verloskundige-maas", ["INTAKE", "ID_BSN"], []),
        new("DEMO-RZ-003", "GM0599", "verloskundige-maas",
            ["INTAKE", "ID_BSN", "SCREEN_PPS:niet-afgenomen", "RESCREEN:nieuwe-zorg", "DISCUSS:accepteert-hulp"],
            new() { ["gynaecoloog"] = "ura:90000102", ["kraamverzorgende"] = "ura:90000104", ["jgz-verpleegkundige"] = "ura:90000103" }),
        new("DEMO-DS-001", "GM0505", "verloskundige-merwede", ["INTAKE"], []),
        new("DEMO-DS-002", "GM0642", "verloskundige-merwede", ["INTAKE", "ID_BSN", "SCREEN_PPS:niet-afgenomen", "RESCREEN:geen-zorgen"], []),
    ];

    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        if (await db.Instances.AnyAsync(cancellationToken))
        {
            return;
        }

        var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
        foreach (var client in Clients)
        {
            var midwife = DemoUsers.Find(client.MidwifeId)!;
            var actor = new Actor(midwife.Id, [midwife.Role], midwife.OrganisationId);
            var state = Accepted(await runner.StartAsync(
                "blauwdruk",
                new StartInstance(Guid.CreateVersion7(), client.Reference, client.Municipality, client.CareTeam) { By = actor },
                cancellationToken));
            foreach (var completion in client.Completed)
            {
                var (stepId, outcome) = completion.Split(':') is [var step, var chosen] ? (step, chosen) : (completion, null);
                var task = state.OpenTasks.Single(t => t.StepId == stepId);
                state = Accepted(await runner.ExecuteOnTaskAsync(task.Id, new CompleteTask(task.Id, outcome) { By = actor }, cancellationToken));
            }
        }

        await SeedHandoverAsync(runner, scope.ServiceProvider.GetRequiredService<HandoverPreviews>(), cancellationToken);
    }

    /// <summary>
    /// Clients in Rotterdam on the region's own pathway, for the JGZ demo user and the demo clients: one whose
    /// prenatal handover was sent (every form of the pregnancy answered), one whose child was born and whose
    /// postnatal handover was sent (the birth and kraamperiode forms too), one without consent whose handover
    /// waits and has not left, one pregnant who has yet to choose, and a mother of 17 after the birth. Identities and contact data are made up; the BSNs are test numbers.
    /// </summary>
    private static async Task SeedHandoverAsync(InstanceRunner runner, HandoverPreviews previews, CancellationToken cancellationToken)
    {
        var user = DemoUsers.Find("verloskundige-maas")!;
        var midwife = new Actor(user.Id, [user.Role], user.OrganisationId) { Professional = new Professional(user.Name) { Uzi = user.Uzi, Agb = user.Agb, Big = user.Big, Phone = user.Phone } };

        var prenatal = await Journey(runner, midwife, "DEMO-RZ-004", Identity("Yasmina", "Bakkali", "999911120"), cancellationToken);
        await prenatal.PregnancyAsync(consent: true);
        await prenatal.SendAsync("HANDOVER_PRENATAL", previews);

        var postnatal = await Journey(runner, midwife, "DEMO-RZ-005", Identity("Sanne", "de Wit", "999912021") with
        {
            Children = [new ChildIdentity(1, "Mila", "de Wit", null)],
        }, cancellationToken);
        await postnatal.PregnancyAsync(consent: true);
        await postnatal.BirthAsync();
        await postnatal.SendAsync("HANDOVER_JGZ", previews);

        // No consent for the JGZ: the handover task is open, and nothing has left.
        var waiting = await Journey(runner, midwife, "DEMO-RZ-006", Identity("Ilse", "Vermeulen", "999912033"), cancellationToken);
        await waiting.PregnancyAsync(consent: false);
        await waiting.BirthAsync();

        // Pregnant, no consent yet: she reads her prenatal handover on her own page and chooses.
        var choosing = await Journey(runner, midwife, "DEMO-RZ-007", Identity("Fenna", "Mulder", "999913013"), cancellationToken);
        await choosing.PregnancyAsync(consent: false);

        // A mother of 17: she consents for her own data, the guardian for her child's.
        var minor = await Journey(runner, midwife, "DEMO-RZ-008", Identity("Lisa", "Kok", "999913025") with { BirthDate = new DateOnly(2009, 8, 14) }, cancellationToken);
        await minor.PregnancyAsync(consent: false);
        await minor.BirthAsync();
    }

    private static ClientIdentity Identity(string given, string family, string bsn) => new(bsn, family, given, new DateOnly(1995, 5, 17))
    {
        Address = new PostalAddress("Dordtselaan", "112b", "3073 GE", "Rotterdam"),
        Phone = "06-12345678",
        Email = "demo@voorbeeld.nl",
        Language = "Nederlands",
        InterpreterNeeded = false,
        Partner = new RelatedContact("Demo Partner", "06-87654321") { ParentalAuthority = true },
        GeneralPractitioner = new RelatedContact("Huisartsenpraktijk Afrikaanderwijk", "010-4850000"),
        OtherChildren = "een zoon van 3 jaar",
    };

    private static async Task<DemoJourney> Journey(InstanceRunner runner, Actor midwife, string reference, ClientIdentity identity, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var state = Accepted(await runner.StartAsync(null, new StartInstance(id, reference, "GM0599", new Dictionary<string, string>()) { By = midwife }, cancellationToken));
        var journey = new DemoJourney(runner, midwife, id, state, cancellationToken);
        await journey.RunAsync(new RecordIdentity(identity) { By = midwife });
        return journey;
    }

    /// <summary>One demo client walked through the pathway, each task done by someone with its role at its organisation.</summary>
    private sealed class DemoJourney(InstanceRunner runner, Actor midwife, Guid id, InstanceState state, CancellationToken cancellationToken)
    {
        private static readonly FhirJsonSerializer Json = new();

        public async Task RunAsync(InstanceCommand command) => state = Accepted(await runner.ExecuteAsync(id, command, cancellationToken));

        private async Task CompleteAsync(string step, string? outcome, string? questionnaire = null, params (string LinkId, Hl7.Fhir.Model.DataType Value)[] answers)
        {
            // A region may leave out or add steps: the demo does the steps its pathway has.
            if (state.OpenTasks.FirstOrDefault(t => t.StepId == step) is not { } task)
            {
                return;
            }

            var actor = task.Role == midwife.Roles[0] && task.OrganisationId == midwife.OrganisationId ? midwife : new Actor($"demo-{task.Role}", [task.Role], task.OrganisationId);
            List<string> resources = questionnaire is null ? [] : [Json.SerializeToString(Response(questionnaire, answers))];
            state = Accepted(await runner.ExecuteOnTaskAsync(task.Id, new CompleteTask(task.Id, outcome) { By = actor, Resources = resources }, cancellationToken));
        }

        /// <summary>A completed response; an answer "group.item" sits inside its group, as the forms nest them.</summary>
        private static Hl7.Fhir.Model.QuestionnaireResponse Response(string questionnaire, (string LinkId, Hl7.Fhir.Model.DataType Value)[] answers)
        {
            var response = new Hl7.Fhir.Model.QuestionnaireResponse
            {
                Questionnaire = $"https://fhir.blauwdruk.nl/Questionnaire/{questionnaire}",
                Status = Hl7.Fhir.Model.QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            };
            foreach (var group in answers.GroupBy(a => a.LinkId.Contains('.', StringComparison.Ordinal) ? a.LinkId[..a.LinkId.IndexOf('.', StringComparison.Ordinal)] : null))
            {
                var items = group.Select(a => new Hl7.Fhir.Model.QuestionnaireResponse.ItemComponent { LinkId = a.LinkId, Answer = [new() { Value = a.Value }] }).ToList();
                if (group.Key is null)
                {
                    response.Item.AddRange(items);
                }
                else
                {
                    response.Item.Add(new Hl7.Fhir.Model.QuestionnaireResponse.ItemComponent { LinkId = group.Key, Item = items });
                }
            }

            return response;
        }

        private static Hl7.Fhir.Model.FhirBoolean Yes(bool yes) => new(yes);

        private static Hl7.Fhir.Model.Coding Code(string code, string display) => new(code.All(char.IsAsciiDigit) ? "http://snomed.info/sct" : HandoverReadiness.HandoverCodes, code, display);

        /// <summary>From the intake to the prenatal handover: a positive screening (smoking and alcohol yes, drugs no), the consent form, the care plan and the referrals.</summary>
        public async Task PregnancyAsync(bool consent)
        {
            await CompleteAsync("INTAKE", null, "zwangerschap", ("gravida", new Hl7.Fhir.Model.Integer(2)), ("para", new Hl7.Fhir.Model.Integer(1)), ("medicatie", new Hl7.Fhir.Model.FhirString("foliumzuur")));
            await CompleteAsync("ID_BSN", "geverifieerd");
            await CompleteAsync("SCREEN_PPS", "afgenomen", "pps-screening",
                ("psychopathologie.1", Yes(false)), ("psychopathologie.2", Yes(true)), ("psychopathologie.3", Yes(false)),
                ("psychosociaal.1", Yes(true)), ("psychosociaal.2", Yes(false)), ("psychosociaal.3", Yes(false)),
                ("middelen.1", Yes(true)), ("middelen.2", Yes(true)), ("middelen.3", Yes(false)),
                ("hulpbronnen.1", Yes(true)), ("hulpbronnen.2", Yes(true)), ("hulpbronnen.3", Yes(false)));
            await CompleteAsync("DISCUSS", "accepteert-hulp");
            await CompleteAsync("CONSENT", consent ? "gegeven" : "geweigerd", "toestemming", ("jgz", Yes(consent)), ("huisarts", Yes(consent)), ("sociaal-domein", Yes(consent)));
            await CompleteAsync("TRIAGE", "ernstig");
            await CompleteAsync("MDO", null);
            await CompleteAsync("CAREPLAN", null, "zorgplan", ("doelen", new Hl7.Fhir.Model.FhirString("Stoppen met roken vóór 20 weken\nSchulden op orde met de schuldhulp")));
            await CompleteAsync("CAREPLAN_POP", null);
            await CompleteAsync("REF_MEDICAL", "niet-nodig");
            var social = state.OpenTasks.First(t => t.StepId == "REF_SOCIAL");
            state = Accepted(await runner.ExecuteOnTaskAsync(social.Id, new CompleteTask(social.Id, "verwezen") { By = midwife, ReferredTo = "wijkteam-rotterdam" }, cancellationToken));
            await CompleteAsync("REF_JGZ_PRENATAL", "verwezen");
        }

        /// <summary>The birth (a daughter, every birth item answered), the kraamweek's signalling and the kraamperiode form.</summary>
        public async Task BirthAsync()
        {
            await RunAsync(new RaiseSignal("birth") { By = midwife });
            await CompleteAsync("BIRTH", "levend-geboren", "geboorte",
                ("plaats", Code("poliklinisch", "Poliklinisch in het ziekenhuis")), ("wijze", Code("48782003", "Spontaan vaginaal")),
                ("duur-weken", new Hl7.Fhir.Model.Integer(39)), ("duur-dagen", new Hl7.Fhir.Model.Integer(2)), ("kinkhoest", Code("ja", "Ja")),
                ("kind-1.geslacht", Code("female", "Meisje")), ("kind-1.tijd", new Hl7.Fhir.Model.Time("03:40:00")), ("kind-1.gewicht", new Hl7.Fhir.Model.Integer(3280)),
                ("kind-1.hoofdomtrek", new Hl7.Fhir.Model.FhirDecimal(34.5m)), ("kind-1.apgar-1", new Hl7.Fhir.Model.Integer(8)), ("kind-1.apgar-5", new Hl7.Fhir.Model.Integer(10)),
                ("kind-1.vitamine-k", Yes(true)), ("kind-1.voeding", Code("borstvoeding", "Borstvoeding")));
            await CompleteAsync("POSTPARTUM_SIGNAL", "geen-zorgen");
            await CompleteAsync("KRAAMBED", "normaal", "kraamperiode",
                ("herstel", new Hl7.Fhir.Model.FhirString("Goed hersteld.")), ("observaties", new Hl7.Fhir.Model.FhirString("Moeder zorgt liefdevol voor het kind; de partner is veel thuis.")),
                ("kind-1.voeding", Code("borstvoeding", "Borstvoeding")), ("kind-1.geelzucht", Yes(false)), ("kind-1.hielprik", Yes(true)), ("kind-1.gehoor", Code("goed", "Gedaan, voldoende")));
        }

        /// <summary>The preview is prepared, as the client would see it, and the handover sent under the consent of the consent form.</summary>
        public async Task SendAsync(string step, HandoverPreviews previews)
        {
            var handover = state.OpenTasks.First(t => t.StepId == step).Id;
            var (_, refused) = await previews.PrepareAsync(handover, midwife, cancellationToken);
            if (refused is not null)
            {
                throw new InvalidOperationException($"Demo seed: {refused.Message}");
            }

            state = Accepted(await runner.ExecuteOnTaskAsync(handover, new SendHandover(handover) { By = midwife }, cancellationToken));
        }
    }

    private static InstanceState Accepted(RunResult result) =>
        result.State ?? throw new InvalidOperationException($"Demo seed: {result.Rejection?.Message}");
}
