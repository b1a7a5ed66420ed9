using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>Every static check, each with a pathway that breaks it and the exact message and position.</summary>
public class PathwayChecksTests
{
    /// <summary>A small pathway that uses every kind of step; each test breaks one thing.</summary>
    private const string Valid = """
        id: alle-soorten
        version: 1.0.0
        title: Alle soorten stappen
        roles:
          - id: verloskundige
            label: Verloskundige
          - id: jgz
            label: JGZ
        facts:
          - id: score
            label: Score
            expression: "%record.ofType(QuestionnaireResponse).count()"
          - id: hoog
            label: Hoog
            expression: "%score > 2"
        start: TAAK
        steps:
          - id: TAAK
            kind: task
            label: Taak
            role: verloskundige
            outcomes:
              - id: zorg
                label: Zorg
            transitions:
              - to: DEEL
                outcome: zorg
              - to: KEUZE
                default: true
          - id: KEUZE
            kind: decision
            label: Keuze
            transitions:
              - to: SPLITS
                when: "%hoog"
              - to: SPLITS
                default: true
          - id: SPLITS
            kind: parallel
            label: Splitsen
            branches: [OVERDRACHT, WACHT]
          - id: OVERDRACHT
            kind: handover
            label: Overdracht
            role: verloskundige
            handover: prenatal
            recipient: jgz
            next: SAMEN
          - id: WACHT
            kind: wait
            label: Wacht
            event: geboorte
            next: SAMEN
          - id: SAMEN
            kind: join
            label: Samen
            next: TIMER
          - id: TIMER
            kind: timer
            label: Timer
            until:
              within: P6W
              from: birthDate
            next: EINDE
          - id: DEEL
            kind: subpathway
            label: Deelpad
            subpathway: zijpad
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        subpathways:
          - id: zijpad
            title: Zijpad
            start: ZIJ
            steps:
              - id: ZIJ
                kind: task
                label: Zij
                role: verloskundige
                deadline: 5 werkdagen
                next: ZIJ_EINDE
              - id: ZIJ_EINDE
                kind: end
                label: Zij einde
        signals:
          - id: geboorte
            label: Geboorte
            raisedBy: [verloskundige]
            interrupts: prenatal
            goesTo: TIMER
          - id: zorg
            label: Zorg
            starts: zijpad
        """;

    private static List<string> Errors(string yaml) =>
        PathwayReader.Read(yaml, "p.yaml").Errors.Select(e => e.ToString()).ToList();

    private static string Error(string yaml)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 1, "Expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }

    private static void Has(string expected, List<string> errors) =>
        Assert.True(errors.Contains(expected), $"Missing:\n{expected}\nGot:\n{string.Join("\n", errors)}");

    private static string Replace(string original, string replacement)
    {
        Assert.Contains(original, Valid);
        return Valid.Replace(original, replacement);
    }

    [Fact]
    public void The_example_with_every_kind_of_step_is_valid()
    {
        var result = PathwayReader.Read(Valid, "p.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var definition = result.Definition!;
        Assert.Equal(11, definition.Steps.Count);
        Assert.Equal(PathwayDuration.Working(5), definition.Step("ZIJ").Deadline!.Duration);
        Assert.Equal(new Deadline(PathwayDuration.Days(42), DeadlineAnchor.BirthDate), definition.Step("TIMER").Until);
        Assert.Equal("zijpad", definition.Step("ZIJ").Within);
        Assert.Equal(StepPhase.Prenatal, definition.FindSignal("geboorte")!.Interrupts);
    }

    [Fact]
    public void A_decision_without_a_default_branch()
    {
        var error = Error(Replace("      - to: SPLITS\n        default: true", "      - to: SPLITS\n        when: \"%score = 0\""));

        Assert.Equal("p.yaml:30:9: Beslissing 'KEUZE' heeft geen standaardtak: geef één overgang 'default: true' voor als geen voorwaarde geldt.", error);
    }

    [Fact]
    public void A_condition_that_does_not_compile()
    {
        var error = Error(Replace("when: \"%hoog\"", "when: \"%hoog and (\""));

        Assert.StartsWith("p.yaml:35:15: De FHIRPath-expressie van de overgang van stap KEUZE naar SPLITS is ongeldig: Compilation failed:", error);
    }

    [Fact]
    public void A_fact_that_does_not_compile()
    {
        var error = Error(Replace("expression: \"%score > 2\"", "expression: \"%score >\""));

        Assert.StartsWith("p.yaml:15:17: De FHIRPath-expressie van feit 'hoog' is ongeldig:", error);
    }

    [Fact]
    public void A_condition_using_an_unknown_fact()
    {
        var error = Error(Replace("when: \"%hoog\"", "when: \"%laag\""));

        Assert.Equal("p.yaml:35:15: De FHIRPath-expressie van de overgang van 'KEUZE' naar 'SPLITS' gebruikt onbekend feit '%laag'.", error);
    }

    [Fact]
    public void A_fact_using_a_fact_declared_after_it()
    {
        var yaml = Replace("expression: \"%record.ofType(QuestionnaireResponse).count()\"", "expression: \"%hoog.count()\"");

        Assert.Equal("p.yaml:12:17: De FHIRPath-expressie van feit 'score' (alleen eerder gedefinieerde feiten) gebruikt onbekend feit '%hoog'.", Error(yaml));
    }

    [Fact]
    public void A_join_that_exclusive_branches_lead_to_can_never_complete()
    {
        var yaml = Replace("      - to: SPLITS\n        when: \"%hoog\"", "      - to: WACHT\n        when: \"%hoog\"")
            .Replace("    branches: [OVERDRACHT, WACHT]", "    branches: [OVERDRACHT, TIMER]");

        var errors = Errors(yaml);

        Has("p.yaml:54:9: Samenvoeging 'SAMEN' kan nooit voltooid worden: er is geen parallelle stap waarvan alle takken hier samenkomen.", errors);
    }

    [Fact]
    public void A_join_a_branch_can_bypass_can_never_complete()
    {
        var yaml = Replace("    event: geboorte\n    next: SAMEN", "    event: geboorte\n    transitions:\n      - to: EINDE\n        when: \"%hoog\"\n      - to: SAMEN\n        default: true");

        var errors = Errors(yaml);

        Has("p.yaml:58:9: Samenvoeging 'SAMEN' kan nooit voltooid worden: tak 'WACHT' van 'SPLITS' kan eindstap 'EINDE' bereiken zonder hier aan te komen.", errors);
    }

    [Fact]
    public void A_parallel_step_with_one_branch()
    {
        var errors = Errors(Replace("branches: [OVERDRACHT, WACHT]", "branches: [OVERDRACHT]"));

        Has("p.yaml:38:9: Parallelle stap 'SPLITS' heeft minstens twee takken nodig ('branches').", errors);
    }

    [Fact]
    public void A_handover_without_a_responsible_role()
    {
        var error = Error(Replace("    role: verloskundige\n    handover: prenatal", "    handover: prenatal"));

        Assert.Equal("p.yaml:42:9: Stap 'OVERDRACHT' wordt door een mens gedaan maar heeft geen verantwoordelijke rol: voeg 'role' toe.", error);
    }

    [Fact]
    public void A_handover_to_an_unknown_role()
    {
        Assert.Equal("p.yaml:47:16: Overdrachtstap 'OVERDRACHT' draagt over aan onbekende rol 'jeugdarts'.", Error(Replace("recipient: jgz", "recipient: jeugdarts")));
    }

    [Fact]
    public void A_wait_for_an_unknown_signal()
    {
        Assert.Equal("p.yaml:52:12: Wachtstap 'WACHT' wacht op onbekend signaal 'bevalling'.", Error(Replace("event: geboorte", "event: bevalling")));
    }

    [Fact]
    public void A_subpathway_step_for_an_unknown_subpathway()
    {
        var errors = Errors(Replace("subpathway: zijpad", "subpathway: omweg"));

        Has("p.yaml:68:17: Stap 'DEEL' verwijst naar onbekend deelpad 'omweg'.", errors);
    }

    [Fact]
    public void A_fact_tied_to_an_unknown_instrument()
    {
        var error = Error(Replace("    expression: \"%score > 2\"\n", "    expression: \"%score > 2\"\n    instrument: r4u\n"));

        Assert.Equal("p.yaml:16:17: Feit 'hoog' noemt bij 'instrument' onbekende vragenlijst 'r4u'.", error);
    }

    [Fact]
    public void A_task_using_an_unknown_questionnaire()
    {
        var error = Error(Replace("    role: verloskundige\n    outcomes:", "    role: verloskundige\n    questionnaire: r4u\n    outcomes:"));

        Assert.Equal("p.yaml:22:20: Stap 'TAAK' verwijst naar onbekende vragenlijst 'r4u'.", error);
    }

    [Fact]
    public void A_transition_naming_an_outcome_the_task_does_not_have()
    {
        var error = Error(Replace("outcome: zorg", "outcome: paniek"));

        Assert.Equal("p.yaml:27:18: Overgang van 'TAAK' naar 'DEEL' noemt uitkomst 'paniek', die stap 'TAAK' niet heeft.", error);
    }

    [Fact]
    public void A_transition_from_the_main_flow_into_a_subpathway()
    {
        var errors = Errors(Replace("      - to: DEEL\n        outcome: zorg", "      - to: ZIJ\n        outcome: zorg"));

        Has("p.yaml:26:13: Stap 'TAAK' (het hoofdpad) kan niet naar 'ZIJ' in deelpad 'zijpad'; gebruik een subpathway-stap.", errors);
    }

    [Fact]
    public void A_signal_raised_by_an_unknown_role_and_going_nowhere()
    {
        var errors = Errors(Replace("    label: Zorg\n    starts: zijpad", "    label: Zorg\n    raisedBy: [buurvrouw]"));

        Has("p.yaml:95:16: Signaal 'zorg' kan gegeven worden door onbekende rol 'buurvrouw'.", errors);
        Has("p.yaml:93:9: Signaal 'zorg' doet niets: geef 'starts' (een deelpad), 'goesTo' (een stap) of laat een wachtstap erop wachten.", errors);
    }

    [Fact]
    public void An_interrupting_signal_must_say_where_the_pathway_goes()
    {
        var error = Error(Replace("    interrupts: prenatal\n    goesTo: TIMER", "    interrupts: prenatal"));

        Assert.Equal("p.yaml:91:17: Signaal 'geboorte' onderbreekt stappen maar zegt niet waar het pad verdergaat: voeg 'goesTo' toe.", error);
    }

    [Fact]
    public void A_deadline_on_a_step_that_cannot_have_one()
    {
        var error = Error(Replace("    kind: parallel\n    label: Splitsen", "    kind: parallel\n    label: Splitsen\n    deadline: P1D"));

        Assert.Equal("p.yaml:41:15: Veld 'deadline' hoort niet bij een stap van type parallel ('SPLITS'); alleen bij task, handover, wait en subpathway.", error);
    }

    [Fact]
    public void A_deadline_with_both_within_and_before()
    {
        var error = Error(Replace("      within: P6W\n      from: birthDate", "      within: P6W\n      before: birthDate\n      by: P1W"));

        Assert.Equal("p.yaml:62:7: 'until' heeft óf 'within' (met eventueel 'from') óf 'before' met 'by'.", error);
    }

    [Fact]
    public void An_unknown_anchor()
    {
        var error = Error(Replace("from: birthDate", "from: geboortedatum"));

        Assert.Equal("p.yaml:63:13: Onbekende waarde 'geboortedatum' voor 'from': kies activation, expectedDeliveryDate, birthDate.", error);
    }

    [Fact]
    public void A_duplicate_fact_role_and_signal()
    {
        var yaml = Replace("  - id: jgz\n    label: JGZ", "  - id: jgz\n    label: JGZ\n  - id: jgz\n    label: Nog eens JGZ");

        Assert.Equal("p.yaml:9:9: Rol 'jgz' is dubbel gedefinieerd (eerder op regel 7).", Error(yaml));
    }

    [Fact]
    public void A_subpathway_without_an_end()
    {
        var yaml = Replace("        next: ZIJ_EINDE\n      - id: ZIJ_EINDE\n        kind: end\n        label: Zij einde", "        next: ZIJ");

        var errors = Errors(yaml);

        Has("p.yaml:74:9: Deelpad 'zijpad' heeft geen eindstap (kind: end).", errors);
        Has("p.yaml:78:13: Vanaf stap 'ZIJ' is geen eindstap te bereiken.", errors);
    }

    [Fact]
    public void A_step_with_several_successors_needs_exactly_one_default()
    {
        var error = Error(Replace("      - to: KEUZE\n        default: true", "      - to: KEUZE\n        outcome: zorg"));

        Assert.Equal("p.yaml:18:9: Stap 'TAAK' heeft meerdere vervolgstappen maar niet precies één standaardtak ('default: true').", error);
    }
}
