using System.Globalization;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The clinical parts of a handover document: the psychosocial findings, the pregnancy, the birth and
/// the kraamperiode. Each fact comes from an answer in the record, found by its question's code, or an
/// Observation in the record with that code. Numbers in comments are BDS JGZ 3.2.6 element ids.
/// </summary>
internal sealed partial class HandoverDocumentBuilder
{
    private const string Ucum = "http://unitsofmeasure.org";

    private (List<string> Lines, List<ResourceReference> Entries) Psychosocial(ResourceReference mother)
    {
        var lines = new List<string>();
        var entries = new List<ResourceReference>();
        var screening = Definition.FindStep("SCREEN_PPS") is { Questionnaire: { } id } step && Definition.FindQuestionnaire(id) is { } questionnaire
            ? (Step: step, Questionnaire: questionnaire)
            : default;
        if (screening.Questionnaire is not null && Completion(screening.Step.Id) is { } done)
        {
            lines.Add($"Screening ({screening.Questionnaire.Resource.Title}) op {done.At:dd-MM-yyyy}, door {Who(done)}.");

            // Under consent the questions she answered yes to, by domain, in her words; under a weighing the domains only.
            var yes = _answers.Of(screening.Questionnaire.Url).Where(a => a.Value is FhirBoolean { Value: true }).ToList();
            var domains = screening.Questionnaire.Resource.Item.Where(g => g.Item.Any(i => yes.Any(a => a.Question.LinkId == i.LinkId))).ToList();
            if (domains.Count == 0)
            {
                lines.Add("In de screening is op geen enkele vraag 'ja' geantwoord.");
            }

            foreach (var domain in domains)
            {
                var questions = domain.Item.Where(i => yes.Any(a => a.Question.LinkId == i.LinkId)).Select(i => $"'{i.Text}'");
                lines.Add(request.Grant.Consent ? $"{domain.Text}: ja op {string.Join(" en ", questions)}" : $"{domain.Text}: aandachtspunt in de screening");
            }
        }
        else
        {
            lines.Add("Er is (nog) geen screening afgenomen.");
        }

        // The pathway's risk factors that hold, each as a fact the receiving system can file.
        var evaluation = new RecordEvaluation(Definition, _record);
        foreach (var fact in Definition.Facts.Where(f => f.RiskFactor && evaluation.Facts[f.Id] is [true]))
        {
            lines.Add($"Risicofactor: {fact.Label}");
            entries.Add(Add($"risk-{fact.Id}", new Observation
            {
                Status = ObservationStatus.Final,
                Category = [Concept("http://terminology.hl7.org/CodeSystem/observation-category", "social-history", "Social History", null)],
                Code = Concept(NamingSystems.RiskFactor, fact.Id, fact.Label, fact.Label),
                Subject = mother,
                Value = new FhirBoolean(true),
            }, fact.Label));
        }

        if (Completion("TRIAGE") is { } triage)
        {
            lines.Add($"Triage op {triage.At:dd-MM-yyyy} door {Who(triage)}: {OutcomeLabel("TRIAGE", triage.Outcome)}.");
        }

        return (lines, entries);
    }

    private (List<string> Lines, List<ResourceReference> Entries) Pregnancy(ResourceReference mother)
    {
        var lines = new List<string>();
        var parts = new List<ResourceReference>();
        if (State.ExpectedDeliveryDate is { } edd) // BDS 1578
        {
            parts.Add(Add("edd", Observation(NlCore.EstimatedDateOfDelivery, Concept(NamingSystems.Snomed, "161714006", "Estimated date of delivery", "Uitgerekende datum"), mother,
                new FhirDateTime(edd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
            lines.Add($"Uitgerekende datum: {edd:dd-MM-yyyy}");
        }
        else
        {
            lines.Add("Uitgerekende datum: niet vastgelegd");
        }

        // Gravidity (BDS 740) and parity (741).
        foreach (var (code, display, label, profile) in new[] { ("161732006", "Gravida", "Graviditeit", NlCore.Gravidity), ("364325004", "Parity", "Pariteit", NlCore.Parity) })
        {
            if (Number(NamingSystems.Snomed, code) is { } value)
            {
                parts.Add(Add($"pregnancy-{code}", Observation(profile, Concept(NamingSystems.Snomed, code, display, label), mother, new Integer(value))));
                lines.Add($"{label}: {value}");
            }
            else
            {
                lines.Add($"{label}: niet vastgelegd");
            }
        }

        var entries = new List<ResourceReference>();
        if (parts.Count > 0)
        {
            // The pregnancy as nl-core models it: one Observation with its parts as members.
            var pregnancy = Observation(NlCore.Pregnancy, Concept(NamingSystems.Snomed, "118185001", "Finding related to pregnancy", "Zwangerschap"), mother, null);
            pregnancy.HasMember = parts;
            entries.Add(Add("pregnancy", pregnancy, "Zwangerschap"));
            entries.AddRange(parts);
        }

        lines.Add($"Medicatie in de zwangerschap: {Said("medicatie-zwangerschap", "geen vastgelegd")}"); // BDS 1588
        lines.AddRange(Substances(mother, entries)); // BDS 91, 92, 93
        lines.Add("Kinkhoestvaccinatie in de zwangerschap: " + (_answers.Own("kinkhoestvaccinatie") is { } pertussis ? HandoverAnswers.Text(pertussis.Value).ToLowerInvariant() : "niet vastgelegd")); // BDS 1581
        lines.Add($"Bijzonderheden eerdere zwangerschappen: {Said("eerdere-zwangerschappen", "geen vastgelegd")}"); // BDS 619
        if (request.Kind == HandoverKind.Postnatal)
        {
            lines.Add($"Verloop van zwangerschap en bevalling: {Said("verloop", "geen bijzonderheden vastgelegd")}"); // BDS 106
        }

        return (lines, entries);
    }

    /// <summary>Smoking, alcohol and drugs as three separate facts, each with what she answered; never one "substance use".</summary>
    private IEnumerable<string> Substances(ResourceReference mother, List<ResourceReference> entries)
    {
        var substances = new[]
        {
            (Code: "365980008", Display: "Tobacco use and exposure - finding", Label: "Roken", Profile: NlCore.TobaccoUse,
                Yes: (Code: (string?)null, Text: "rookt, of rookte sinds zij weet dat zij zwanger is"), No: (Code: (string?)"405746006", Text: "rookt niet sinds zij weet dat zij zwanger is")),
            (Code: "228273003", Display: "Finding relating to alcohol drinking behavior", Label: "Alcohol", Profile: NlCore.AlcoholUse,
                Yes: (Code: (string?)"219006", Text: "dronk alcohol sinds zij weet dat zij zwanger is"), No: (Code: (string?)"105542008", Text: "drinkt geen alcohol sinds zij weet dat zij zwanger is")),
            (Code: "228366006", Display: "Finding relating to drug misuse behavior", Label: "Drugs", Profile: NlCore.DrugUse,
                Yes: (Code: (string?)"361055000", Text: "gebruikt drugs of niet-voorgeschreven medicijnen"), No: (Code: (string?)"228367002", Text: "gebruikt geen drugs of niet-voorgeschreven medicijnen")),
        };
        foreach (var substance in substances)
        {
            if (_answers.Find(NamingSystems.Snomed, substance.Code)?.Value is not FhirBoolean { Value: { } yes })
            {
                yield return $"{substance.Label}: niet gevraagd";
                continue;
            }

            var (code, text) = yes ? substance.Yes : substance.No;
            var observation = Observation(substance.Profile, Concept(NamingSystems.Snomed, substance.Code, substance.Display, substance.Label), mother,
                code is null ? new CodeableConcept { Text = text } : Concept(NamingSystems.Snomed, code, text, text));
            entries.Add(Add($"substance-{substance.Code}", observation, substance.Label));
            yield return $"{substance.Label}: {text} (antwoord in de screening)";
        }
    }

    private (List<string> Lines, List<ResourceReference> Entries) Birth(ResourceReference mother, ResourceReference child)
    {
        var number = request.Newborn!.Number;
        var lines = new List<string> { $"Geboortedatum: {State.BirthDate:dd-MM-yyyy}" + (_answers.Own("geboortetijd", number) is { } time ? $", {HandoverAnswers.Text(time.Value)} uur" : ", tijd niet vastgelegd") };
        var entries = new List<ResourceReference>();
        lines.Add($"Plaats: {Said("plaats-bevalling", "niet vastgelegd")}");
        lines.Add("Wijze van bevallen: " + (_answers.Find(NamingSystems.Snomed, "364336006") is { } mode ? HandoverAnswers.Text(mode.Value) : "niet vastgelegd")); // BDS 1324
        if (Number(NamingSystems.Snomed, "412726003") is { } weeks) // BDS 82
        {
            var days = Number(HandoverReadiness.HandoverCodes, "zwangerschapsduur-dagen") ?? 0;
            entries.Add(Add("gestational-age", Observation(null, Concept(NamingSystems.Snomed, "412726003", "Length of gestation at birth", "Zwangerschapsduur bij de geboorte"), child,
                new Quantity(weeks * 7 + days, "d", Ucum) { Unit = "dagen" })));
            lines.Add($"Zwangerschapsduur: {weeks} weken en {days} dagen");
        }
        else
        {
            lines.Add("Zwangerschapsduur: niet vastgelegd");
        }

        // Birth weight (BDS 110), head circumference (113), Apgar after 1 and 5 minutes (129, 130).
        var measured = new[]
        {
            (Code: "8339-4", Display: "Birth weight Measured", Label: "Geboortegewicht", Profile: (string?)NlCore.BodyWeight, Unit: "g", Name: "gram"),
            (Code: "9843-4", Display: "Head Occipital-frontal circumference", Label: "Hoofdomtrek", Profile: (string?)NlCore.HeadCircumference, Unit: "cm", Name: "cm"),
            (Code: "9272-6", Display: "1 minute Apgar Score", Label: "Apgar na 1 minuut", Profile: (string?)NlCore.Apgar1, Unit: "", Name: ""),
            (Code: "9274-2", Display: "5 minute Apgar Score", Label: "Apgar na 5 minuten", Profile: (string?)NlCore.Apgar5, Unit: "", Name: ""),
        };
        foreach (var item in measured)
        {
            if (Measured(item.Code, number) is not { } value)
            {
                lines.Add($"{item.Label}: niet vastgelegd");
                continue;
            }

            DataType observed = item.Unit.Length == 0 ? new Integer((int)value) : new Quantity(value, item.Unit, Ucum) { Unit = item.Unit };
            var measurement = Observation(item.Profile, Concept(NamingSystems.Loinc, item.Code, item.Display, item.Label), child, observed);
            if (item.Unit.Length > 0)
            {
                // Weight and head circumference are vital signs in nl-core: that category, the LOINC code of the profile, a day-precise moment.
                measurement.Category = [Concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs", null)];
                if (item.Code == "8339-4")
                {
                    measurement.Code.Coding.Add(new Coding(NamingSystems.Loinc, "29463-7", "Body weight"));
                }

                measurement.Effective = new FhirDateTime(State.BirthDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            entries.Add(Add($"measured-{item.Code}", measurement, item.Label));
            lines.Add($"{item.Label}: {value.ToString(CultureInfo.GetCultureInfo("nl-NL"))} {item.Name}".TrimEnd());
        }

        lines.Add($"Aangeboren afwijkingen: {Said("aangeboren-afwijkingen", "geen gezien", number)}"); // BDS 131
        lines.Add(Completion("BIRTH")?.Outcome == "opname-neonatologie" || Completion("NICU_ADMISSION") is not null
            ? "Opgenomen op de neonatologie (NICU)" + (Completion("NICU_ADMISSION") is { } discharged ? $"; ontslagen naar huis op {discharged.At:dd-MM-yyyy}" : "") // BDS 143
            : "Geen opname op de neonatologie");
        lines.Add($"Vitamine K gegeven: {Said("vitamine-k", "niet vastgelegd", number)}"); // BDS 137
        lines.Add($"Voeding op dag 1: {Feeding("voeding-dag-1", child, entries, number)}"); // BDS 747
        return (lines, entries);
    }

    private (List<string> Lines, List<ResourceReference> Entries) Kraamperiode(ResourceReference mother, ResourceReference child)
    {
        var number = request.Newborn!.Number;
        var entries = new List<ResourceReference>();
        if (Completion("KRAAMBED") is null)
        {
            return (["De kraamperiode is nog niet afgerond; wat de kraamzorg zag, volgt niet in deze versie."], entries);
        }

        var lines = new List<string>
        {
            $"Voeding op dag 8: {Feeding("voeding-dag-8", child, entries, number)}", // BDS 1340
            $"Geelzucht: {Said("geelzucht", "niet vastgelegd", number)}", // BDS 139
            $"Hielprik gedaan: {Said("hielprik", "niet vastgelegd", number)}", // BDS 368
            $"Gehoorscreening: {Said("gehoorscreening", "niet vastgelegd", number)}", // BDS 438
            $"Gewichtsverloop: {Said("gewichtsverloop", "niet vastgelegd", number)}",
            $"Herstel van de moeder: {Said("herstel-moeder", "geen bijzonderheden vastgelegd")}", // BDS 107
            $"Wat de kraamzorg zag: {Said("observaties-kraamzorg", "geen bijzonderheden vastgelegd")}",
        };
        return (lines, entries);
    }

    /// <summary>The feeding as the form says it, filed as nl-core-FeedingPatternInfant (method: breast or bottle).</summary>
    private string Feeding(string code, ResourceReference child, List<ResourceReference> entries, int number)
    {
        if (_answers.Own(code, number)?.Value is not Coding { Code: { } chosen } answer)
        {
            return "niet vastgelegd";
        }

        var type = chosen switch
        {
            "borstvoeding" => Concept(NamingSystems.Snomed, "169741004", "Breast fed", answer.Display),
            "kunstvoeding" => Concept(NamingSystems.Snomed, "268472006", "Bottle fed", answer.Display),
            _ => new CodeableConcept { Text = answer.Display },
        };
        var feeding = Observation(NlCore.FeedingPatternInfant, Concept(NamingSystems.Snomed, "289145007", "Feeding pattern", $"Voeding ({code.Replace('-', ' ')})"), child, null);
        feeding.Component =
        [
            new Observation.ComponentComponent { Code = Concept(NamingSystems.Snomed, "109021000146107", "Feeding type", "Soort voeding"), Value = type },
        ];
        entries.Add(Add($"feeding-{code}", feeding, answer.Display));
        return answer.Display ?? chosen;
    }

    /// <summary>The text of an answer with Blauwdruk's own code, or what to say when there is none.</summary>
    private string Said(string code, string otherwise, int child = 0) =>
        _answers.Own(code, child) is { } answer ? HandoverAnswers.Text(answer.Value) : otherwise;

    private int? Number(string system, string code, int child = 0) =>
        _answers.Find(system, code, child)?.Value is Integer { Value: { } value } ? value : null;

    /// <summary>A measurement with a LOINC code: from the form, or an Observation in the record with that code.</summary>
    private decimal? Measured(string loinc, int child)
    {
        switch (_answers.Find(NamingSystems.Loinc, loinc, child)?.Value)
        {
            case Integer { Value: { } whole }:
                return whole;
            case FhirDecimal { Value: { } amount }:
                return amount;
        }

        var recorded = _record.OfType<Observation>().LastOrDefault(o => o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled)
            && o.Code?.Coding.Any(c => c.System == NamingSystems.Loinc && c.Code == loinc) == true && IsAbout(o, request.Newborn!));
        return recorded?.Value switch
        {
            Quantity { Value: { } value } => value,
            Integer { Value: { } value } => value,
            _ => null,
        };
    }

    /// <summary>An observation about a child names it as subject (Patient/{newborn id}); with one child, no subject also means that child.</summary>
    private bool IsAbout(Observation observation, Newborn newborn) =>
        observation.Subject?.Reference is { } reference
            ? reference == $"Patient/{newborn.Id}" || reference == $"urn:uuid:{newborn.Id}"
            : State.Newborns.Count == 1;

    private Observation Observation(string? profile, CodeableConcept code, ResourceReference subject, DataType? value)
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = code,
            Subject = subject,
            Effective = new FhirDateTime(Moment(request.Now)),
            Value = value,
        };
        return profile is null ? observation : Profiled(observation, profile);
    }

    /// <summary>The latest completion of a step, with the organisation and role of the task.</summary>
    private Completed? Completion(string stepId)
    {
        var tasks = request.Journal.OfType<TaskActivated>().Where(a => a.StepId == stepId).ToDictionary(a => a.TaskId);
        return request.Journal.OfType<TaskCompleted>().LastOrDefault(c => tasks.ContainsKey(c.TaskId)) is { } done
            ? new Completed(done.At, done.Outcome, tasks[done.TaskId].Role, tasks[done.TaskId].OrganisationId)
            : null;
    }

    private sealed record Completed(DateTimeOffset At, string? Outcome, string Role, string Organisation);

    private string Who(Completed done) => $"{Definition.RoleLabel(done.Role).ToLowerInvariant()} van {Organisation(done.Organisation).Display}";

    private string OutcomeLabel(string stepId, string? outcome) =>
        Definition.FindStep(stepId)?.Outcomes.FirstOrDefault(o => o.Id == outcome)?.Label ?? outcome ?? "afgerond";

    /// <summary>
    /// That Veilig Thuis is involved (a report was made in the Meldcode route) and whom the JGZ contacts:
    /// Veilig Thuis of the client's municipality and the reporting organisation. Null when there is no report.
    /// </summary>
    private (string[] Lines, ResourceReference[] Contacts)? VeiligThuisInvolvement()
    {
        if (Completion(HandoverDocument.VeiligThuisReportStep) is not { } report)
        {
            return null;
        }

        var reporter = Organisation(report.Organisation);
        var veiligThuis = Definition.Municipalities.FirstOrDefault(m => m.Code == State.Municipality)?.VeiligThuis is { } id && Definition.FindOrganisation(id) is not null
            ? Organisation(id)
            : null;
        return (
            [
                $"Er is een betrokkenheid van Veilig Thuis (melding op {report.At:dd-MM-yyyy}). Wat er speelt staat niet in deze overdracht.",
                $"Neem vóór het eerste contact met het gezin contact op met de aandachtsfunctionaris van {reporter.Display}"
                    + (veiligThuis is null ? "." : $" en met {veiligThuis.Display}."),
            ],
            veiligThuis is null ? [reporter] : [reporter, veiligThuis]);
    }
}
