using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>Every rule of the standard, each with an overlay that breaks it and the exact message a coordinator reads.</summary>
public class OverlayInvariantTests
{
    private static readonly string Rijnmond = TestPathways.Region("rijnmond-zuid");

    private static string With(string original, string replacement)
    {
        Assert.Contains(original, Rijnmond);
        return Rijnmond.Replace(original, replacement, StringComparison.Ordinal);
    }

    /// <summary>The Rijnmond overlay with extra lines under <c>steps:</c>.</summary>
    private static string WithSteps(string steps) => With("steps:\n  add:\n", "steps:\n" + steps + "  add:\n");

    private static List<string> Errors(string yaml)
    {
        var result = TestPathways.MergeOverlay(yaml);
        Assert.False(result.IsValid);
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    private static void Has(string expected, List<string> errors) =>
        Assert.True(errors.Contains(expected), $"Missing:\n{expected}\nGot:\n{string.Join("\n", errors)}");

    private static void HasMessage(string expected, List<string> errors) =>
        Assert.True(errors.Any(e => e.EndsWith(expected, StringComparison.Ordinal)), $"Missing:\n{expected}\nGot:\n{string.Join("\n", errors)}");

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((line, i) => (line, i)).First(p => p.line.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void Both_example_regions_are_valid_operational_pathways()
    {
        foreach (var region in new[] { "rijnmond-zuid", "drechtsteden" })
        {
            var result = TestPathways.MergeOverlay(TestPathways.Region(region));

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(new TemplateReference("blauwdruk", "1.1.0"), result.Definition!.DerivesFrom);
            Assert.Equal(region, result.Definition.Id);
        }
    }

    [Fact]
    public void A_locked_step_cannot_be_switched_off()
    {
        var yaml = WithSteps("  remove: [DISCUSS]\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "remove: [DISCUSS]")}:12: Stap 'DISCUSS' (Uitkomst bespreken met de zwangere (en partner)) mag niet worden uitgeschakeld: Kern van de Blauwdruk.", error);
    }

    [Fact]
    public void A_step_the_standard_does_not_mark_optional_cannot_be_switched_off()
    {
        HasMessage("Stap 'TRIAGE' (Triage en bevestiging) mag niet worden uitgeschakeld: de standaard schrijft deze stap voor", Errors(WithSteps("  remove: [TRIAGE]\n")));
    }

    [Fact]
    public void The_veilig_thuis_report_cannot_be_switched_off()
    {
        HasMessage("Stap 'VT_REPORT' (Melding bij Veilig Thuis) mag niet worden uitgeschakeld: Wet verplichte meldcode huiselijk geweld en kindermishandeling.",
            Errors(WithSteps("  remove: [VT_REPORT]\n")));
    }

    [Fact]
    public void A_deadline_cannot_be_lengthened()
    {
        var yaml = With("    - step: DISCUSS\n      deadline: P7D", "    - step: DISCUSS\n      deadline: P3W");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "deadline: P3W")}:17: De termijn van 'DISCUSS' (Uitkomst bespreken met de zwangere (en partner)) mag korter, niet langer: de standaard zegt 'binnen 2 weken', de overlay 'binnen 3 weken'.", error);
    }

    [Fact]
    public void A_deadline_before_a_clinical_date_cannot_move_later()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: REF_JGZ_PRENATAL\n      deadline:\n        before: expectedDeliveryDate\n        by: P8W\n    - step: DISCUSS\n");

        HasMessage("De termijn van 'REF_JGZ_PRENATAL' (Aanbod prenataal huisbezoek JGZ) mag korter, niet langer: de standaard zegt '12 weken vóór de uitgerekende datum', de overlay '8 weken vóór de uitgerekende datum'.", Errors(yaml));
    }

    [Fact]
    public void The_veilig_thuis_five_working_days_cannot_become_six()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: VT_FOLLOW\n      deadline: 6 werkdagen\n    - step: DISCUSS\n");

        HasMessage("De termijn van 'VT_FOLLOW' (Terugkoppeling van Veilig Thuis) mag korter, niet langer: de standaard zegt 'binnen 5 werkdagen', de overlay 'binnen 6 werkdagen'.", Errors(yaml));
    }

    [Fact]
    public void A_deadline_keeps_its_clinical_anchor()
    {
        var yaml = With("      deadline:\n        within: P7D\n        from: birthDate\n        remindBefore: P2D\n        escalateTo: zorgcoordinator", "      deadline: P7D");

        HasMessage("De termijn van 'HANDOVER_JGZ' (Postnatale overdracht aan de JGZ) moet hetzelfde ankerpunt houden als de standaard: 'binnen 10 dagen na de geboorte'.", Errors(yaml));
    }

    [Fact]
    public void The_responsible_role_of_a_locked_step_cannot_change()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: CAREPLAN\n      role: verloskundige\n    - step: DISCUSS\n");

        HasMessage("De verantwoordelijke rol van 'CAREPLAN' (Individueel zorgplan opstellen) ligt vast: Zorgcoördinator (regiehouder) (Kern van de Blauwdruk.).", Errors(yaml));
    }

    [Fact]
    public void The_screening_instrument_is_one_the_standard_allows()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: SCREEN_PPS\n      questionnaire: eigen-lijst\n    - step: DISCUSS\n");

        HasMessage("Vragenlijst 'eigen-lijst' staat niet tussen de instrumenten die de standaard voor 'SCREEN_PPS' toestaat: pps-screening, r4u, mind2care, alpha-nl, psychosociale-anamnese.", Errors(yaml));
    }

    [Fact]
    public void A_local_step_cannot_skip_a_locked_step()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [ID_BSN, SCREEN_PPS]")
            .Replace("        deadline: P7D\n  change:", "        deadline: P7D\n        next: RESCREEN\n  change:", StringComparison.Ordinal);

        var errors = Errors(yaml);

        Has($"regio.yaml:{LineOf(yaml, "between: [ID_BSN, SCREEN_PPS]")}:16: Vaste stap 'SCREEN_PPS' (Screening psychopathologie, psychosociale problemen en middelengebruik) kan nu worden overgeslagen: er is een weg naar het einde die er niet langs gaat. Een regio mag vaste stappen niet overslaan.", errors);
    }

    [Fact]
    public void A_local_step_cannot_reorder_locked_steps()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [KRAAMBED, POSTNATAL_HANDOVERS]")
            .Replace("        deadline: P7D\n  change:", "        deadline: P7D\n        outcomes:\n          - id: opnieuw\n            label: Opnieuw bespreken\n        transitions:\n          - to: DISCUSS\n            outcome: opnieuw\n          - to: POSTNATAL_HANDOVERS\n            default: true\n  change:", StringComparison.Ordinal);

        HasMessage("Vaste stappen 'DISCUSS' en 'BIRTH' staan in de standaard in deze volgorde; de overlay maakt een weg van 'BIRTH' terug naar 'DISCUSS'.", Errors(yaml));
    }

    [Fact]
    public void The_meldcode_route_keeps_every_step_reachable()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [VT_CONSULT, VT_TALK]")
            .Replace("        deadline: P7D\n  change:", "        deadline: P7D\n        next: VT_END\n  change:", StringComparison.Ordinal);

        var errors = Errors(yaml);

        HasMessage("Vaste stap 'VT_TALK' (Stap 3: gesprek met de cliënt (alleen met de zwangere)) kan nu worden overgeslagen: er is een weg naar het einde die er niet langs gaat. Een regio mag vaste stappen niet overslaan.", errors);
    }

    [Fact]
    public void Every_role_needs_an_organisation_in_every_municipality()
    {
        var yaml = With("    roles: [kraamverzorgende, aandachtsfunctionaris]", "    roles: [aandachtsfunctionaris]");

        var errors = Errors(yaml);

        Has($"regio.yaml:{LineOf(yaml, "code: GM0489")}:11: Geen organisatie met de rol 'Kraamverzorgende' in Barendrecht (GM0489); nodig voor KRAAM_INTAKE. Geef een organisatie die rol onder 'organisations'.", errors);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Every_municipality_has_a_jgz_organisation_for_the_handover()
    {
        var yaml = With("    name: Barendrecht\n    jgz: cjg-rijnmond\n", "    name: Barendrecht\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "code: GM0489")}:11: Gemeente Barendrecht (GM0489) heeft geen JGZ-organisatie voor de overdracht: vul 'jgz' in.", error);
    }

    [Fact]
    public void The_jgz_organisation_must_hold_the_role_that_receives_the_handover()
    {
        var yaml = With("    name: Barendrecht\n    jgz: cjg-rijnmond\n", "    name: Barendrecht\n    jgz: kraamzorg-rijnmond\n");

        HasMessage("JGZ-organisatie 'Kraamzorg Rijnmond' van Barendrecht heeft de rol 'Jeugdverpleegkundige (JGZ)' niet, die de overdracht ontvangt.", Errors(yaml));
    }

    [Fact]
    public void An_overlay_names_the_exact_template_version()
    {
        var yaml = With("  id: blauwdruk\n  version: 1.1.0\n", "  id: blauwdruk\n  version: 0.9.0\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "version: 0.9.0")}:12: Standaard 'blauwdruk' versie 0.9.0 is niet beschikbaar (beschikbaar: 1.1.0).", error);
    }

    [Fact]
    public void A_local_step_goes_between_two_steps_that_follow_each_other()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [INTAKE, DISCUSS]");

        HasMessage("Er is geen pijl van 'INTAKE' naar 'DISCUSS'; een lokale stap komt tussen twee stappen die direct op elkaar volgen.", Errors(yaml));
    }

    [Fact]
    public void An_organisation_holds_only_roles_of_the_standard()
    {
        var yaml = With("    roles: [zorgcoordinator]", "    roles: [zorgcoordinator, casemanager]");

        HasMessage("Organisatie 'VSV Rotterdam-Zuid — casemanagement kwetsbare zwangeren' heeft onbekende rol 'casemanager'; rollen van de standaard: verloskundige, gynaecoloog, zorgcoordinator, mmw, kraamverzorgende, aandachtsfunctionaris, jgz-verpleegkundige, huisarts, melder.", Errors(yaml));
    }

    [Fact]
    public void A_referral_option_names_an_organisation_of_the_region()
    {
        HasMessage("Verwijsmogelijkheid naar onbekende organisatie 'ggz-nergens': voeg haar toe onder 'organisations'.",
            Errors(With("      - organisation: ziekenhuis-zuid\n        label: POP-poli", "      - organisation: ggz-nergens\n        label: POP-poli")));
    }

    [Fact]
    public void Merging_is_deterministic()
    {
        var first = TestPathways.MergeOverlay(Rijnmond).Definition!;
        var second = TestPathways.MergeOverlay(Rijnmond).Definition!;

        Assert.Equal(PathwayFingerprint.Of(first), PathwayFingerprint.Of(second));
        Assert.NotEqual(PathwayFingerprint.Of(first), PathwayFingerprint.Of(TestPathways.Standard));
        Assert.NotEqual(PathwayFingerprint.Of(first), PathwayFingerprint.Of(TestPathways.MergeOverlay(With("deadline: P7D\n      instructions: >-", "deadline: P6D\n      instructions: >-")).Definition!));
    }
}
