using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>Every rule of the standard, each with an overlay that breaks it and the exact message a coordinator reads.</summary>
public class OverlayInvariantTests
{
    private static readonly string Rijnmond = TestPathways.Region("rijnmond-zuid");

    private static readonly string Drechtsteden = TestPathways.Region("drechtsteden");

    private static string With(string original, string replacement) => Replace(Rijnmond, original, replacement);

    private static string Replace(string overlay, string original, string replacement)
    {
        Assert.Contains(original, overlay);
        return overlay.Replace(original, replacement, StringComparison.Ordinal);
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
            Assert.Equal(new TemplateReference("blauwdruk", "1.3.0"), result.Definition!.DerivesFrom);
            Assert.Equal(region, result.Definition.Id);
        }
    }

    [Fact]
    public void A_locked_step_cannot_be_switched_off()
    {
        var yaml = WithSteps("  remove: [DISCUSS]\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "remove: [DISCUSS]")}:12: Stap 'DISCUSS' (Uitkomst bespreken met de zwangere) mag niet worden uitgeschakeld: Kern van de Blauwdruk.", error);
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

        Assert.Equal($"regio.yaml:{LineOf(yaml, "deadline: P3W")}:17: De termijn van 'Uitkomst bespreken met de zwangere' mag korter, tot 2 weken, niet langer: de standaard zegt 'binnen 2 weken', de regio 'binnen 3 weken'.", error);
    }

    [Fact]
    public void A_deadline_before_a_clinical_date_cannot_move_later()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: REF_JGZ_PRENATAL\n      deadline:\n        before: expectedDeliveryDate\n        by: P8W\n    - step: DISCUSS\n");

        HasMessage("De termijn van 'Aanbod prenataal huisbezoek JGZ' mag eerder, uiterlijk 12 weken vóór de uitgerekende datum, niet later: de standaard zegt '12 weken vóór de uitgerekende datum', de regio '8 weken vóór de uitgerekende datum'.", Errors(yaml));
    }

    [Fact]
    public void The_veilig_thuis_five_working_days_cannot_become_six()
    {
        var yaml = With("    - step: DISCUSS\n", "    - step: VT_FOLLOW\n      deadline: 6 werkdagen\n    - step: DISCUSS\n");

        HasMessage("De termijn van 'Terugkoppeling van Veilig Thuis' mag korter, tot 5 werkdagen, niet langer: de standaard zegt 'binnen 5 werkdagen', de regio 'binnen 6 werkdagen'.", Errors(yaml));
    }

    [Fact]
    public void A_region_may_shorten_the_talk_but_not_drop_or_lengthen_its_urgent_term()
    {
        var dropped = With("    - step: DISCUSS\n", "    - step: VT_TALK\n      deadline: P5D\n    - step: DISCUSS\n");
        var longer = With("    - step: DISCUSS\n", "    - step: VT_TALK\n      deadline: { within: P5D, urgent: P2D }\n    - step: DISCUSS\n");
        var shorter = With("    - step: DISCUSS\n", "    - step: VT_TALK\n      deadline: { within: P5D, urgent: PT12H }\n    - step: DISCUSS\n");

        HasMessage("De spoedtermijn van 'Stap 3: gesprek met de cliënt (alleen met de zwangere)' mag korter, tot 1 dag, niet langer of weg: de standaard zegt 'bij spoed binnen 1 dag'; de regio noemt geen spoedtermijn ('urgent').", Errors(dropped));
        HasMessage("De spoedtermijn van 'Stap 3: gesprek met de cliënt (alleen met de zwangere)' mag korter, tot 1 dag, niet langer of weg: de standaard zegt 'bij spoed binnen 1 dag', de regio 'binnen 2 dagen'.", Errors(longer));
        Assert.True(TestPathways.MergeOverlay(shorter).IsValid, string.Join("\n", TestPathways.MergeOverlay(shorter).Errors));
    }

    [Fact]
    public void A_deadline_keeps_its_clinical_anchor()
    {
        var yaml = With("      deadline:\n        within: P10D\n        from: birthDate\n        remindBefore: P3D\n        escalateTo: zorgcoordinator", "      deadline: P7D");

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

        Has($"regio.yaml:{LineOf(yaml, "code: GM0489")}:11: Geen organisatie met de rol 'Kraamverzorgende' in Barendrecht (GM0489); nodig voor KRAAM_INTAKE, POSTPARTUM_SIGNAL. Geef een organisatie die rol onder 'organisations'.", errors);
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
    public void Every_municipality_has_a_veilig_thuis_organisation()
    {
        var yaml = With("    wijkteam: sociaal-team-bar-alb\n    veiligThuis: veilig-thuis-rr\n  - code: GM0613", "    wijkteam: sociaal-team-bar-alb\n  - code: GM0613");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "code: GM0489")}:11: Gemeente Barendrecht (GM0489) heeft geen Veilig Thuis-organisatie voor een melding in de Meldcode: vul 'veiligThuis' in.", error);
    }

    [Fact]
    public void The_veilig_thuis_of_a_municipality_is_an_organisation_of_the_region()
    {
        var yaml = With("    wijkteam: sociaal-team-bar-alb\n    veiligThuis: veilig-thuis-rr\n  - code: GM0613", "    wijkteam: sociaal-team-bar-alb\n    veiligThuis: veilig-thuis-zhz\n  - code: GM0613");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "veiligThuis: veilig-thuis-zhz")}:18: 'veiligThuis' van Barendrecht verwijst naar onbekende organisatie 'veilig-thuis-zhz'.", error);
    }

    [Fact]
    public void An_organisation_that_can_start_the_meldcode_names_an_aandachtsfunctionaris()
    {
        var yaml = With("    aandachtsfunctionaris: ziekenhuis-zuid   # de casemanagers overleggen met die van de POP-poli\n", "");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "id: vsv-rotterdam-zuid")}:9: Organisatie 'VSV Rotterdam-Zuid — casemanagement kwetsbare zwangeren' kan als Zorgcoördinator (regiehouder) " +
                     "'Zorg over de veiligheid van moeder of (ongeboren) kind' melden en zo 'Meldcode huiselijk geweld en kindermishandeling' starten, maar heeft geen aandachtsfunctionaris. " +
                     "Geef haar de rol 'Aandachtsfunctionaris huiselijk geweld en kindermishandeling' of noem onder 'aandachtsfunctionaris' de organisatie wier aandachtsfunctionaris zij raadpleegt.", error);
    }

    [Fact]
    public void The_aandachtsfunctionaris_an_organisation_names_holds_that_role()
    {
        var yaml = With("    aandachtsfunctionaris: ziekenhuis-zuid ", "    aandachtsfunctionaris: wijkteam-rotterdam ");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "aandachtsfunctionaris: wijkteam-rotterdam")}:28: 'aandachtsfunctionaris' van organisatie 'VSV Rotterdam-Zuid — casemanagement kwetsbare zwangeren' " +
                     "noemt 'Wijkteams Rotterdam', maar die heeft de rol 'Aandachtsfunctionaris huiselijk geweld en kindermishandeling' niet.", error);
        HasMessage("'aandachtsfunctionaris' van organisatie 'VSV Rotterdam-Zuid — casemanagement kwetsbare zwangeren' verwijst naar onbekende organisatie 'ggz-nergens'.",
            Errors(With("    aandachtsfunctionaris: ziekenhuis-zuid ", "    aandachtsfunctionaris: ggz-nergens ")));
    }

    [Fact]
    public void A_handover_is_not_due_before_the_kraamperiode_it_follows()
    {
        var yaml = With("        within: P10D\n        from: birthDate\n        remindBefore: P3D", "        within: P7D\n        from: birthDate\n        remindBefore: P3D");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "within: P7D")}:9: De termijn van overdracht 'HANDOVER_JGZ' (Postnatale overdracht aan de JGZ), binnen 1 week na de geboorte, " +
                     "eindigt vóór die van 'KRAAMBED' (Kraamperiode — signalering en zorg), binnen 10 dagen na de geboorte, waar de overdracht op volgt: " +
                     "zo is de overdracht te laat voordat zij kan beginnen. Geef de overdracht ten minste de termijn van 'KRAAMBED'.", error);
    }

    [Fact]
    public void A_handover_is_not_due_before_the_kraamperiode_also_past_a_regions_own_step()
    {
        // Drechtsteden before this rule: a warm handover and the handover at day 8, after a kraamperiode of up to 10 days.
        var yaml = Replace(Drechtsteden, "          within: P10D\n          from: birthDate\n  remove:", "          within: P8D\n          from: birthDate\n  remove:")
            .Replace("      questionnaire: psychosociale-anamnese\n", "      questionnaire: psychosociale-anamnese\n    - step: HANDOVER_JGZ\n      deadline: { within: P8D, from: birthDate }\n", StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "deadline: { within: P8D")}:17: De termijn van overdracht 'HANDOVER_JGZ' (Postnatale overdracht aan de JGZ), binnen 8 dagen na de geboorte, " +
                     "eindigt vóór die van 'KRAAMBED' (Kraamperiode — signalering en zorg), binnen 10 dagen na de geboorte, waar de overdracht (via 'WARM_HANDOVER') op volgt: " +
                     "zo is de overdracht te laat voordat zij kan beginnen. Geef de overdracht ten minste de termijn van 'KRAAMBED'.", error);
    }

    [Fact]
    public void A_regions_step_before_a_handover_is_not_due_after_it()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [POSTNATAL_HANDOVERS, HANDOVER_JGZ]")
            .Replace("        deadline: P7D\n  change:", "        deadline:\n          within: P12D\n          from: birthDate\n  change:", StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "within: P12D")}:11: De termijn van overdracht 'HANDOVER_JGZ' (Postnatale overdracht aan de JGZ), binnen 10 dagen na de geboorte, " +
                     "eindigt vóór die van 'CAREPLAN_POP' (Zorgplan afstemmen met de POP-poli), binnen 12 dagen na de geboorte, waar de overdracht op volgt: " +
                     "zo is de overdracht te laat voordat zij kan beginnen. Geef de overdracht ten minste de termijn van 'CAREPLAN_POP'.", error);
    }

    [Fact]
    public void A_swapped_screening_instrument_restates_the_threshold_of_the_standards_instrument()
    {
        var yaml = Replace(Drechtsteden, Drechtsteden[Drechtsteden.IndexOf("  # De standaard vraagt twee", StringComparison.Ordinal)..Drechtsteden.IndexOf("\nsteps:", StringComparison.Ordinal)], "");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "questionnaire: psychosociale-anamnese")}:22: Feit 'weinigHulpbronnen' (Weinig eigen hulpbronnen (gezondheidsvaardigheden, regie, opleiding)) " +
                     "hoort bij vragenlijst 'pps-screening' van de standaard: het zoekt haar antwoorden of weegt ze met een drempel van dat instrument. " +
                     "Met 'psychosociale-anamnese' voor 'SCREEN_PPS' betekent het ongemerkt iets anders; leg 'weinigHulpbronnen' onder 'facts' opnieuw vast voor het eigen instrument.", error);
    }

    [Fact]
    public void A_swapped_screening_instrument_restates_every_fact_that_belongs_to_the_old_one()
    {
        var yaml = Replace(Drechtsteden, Drechtsteden[Drechtsteden.IndexOf("facts:\n", StringComparison.Ordinal)..Drechtsteden.IndexOf("\nsteps:", StringComparison.Ordinal)], "");

        var errors = Errors(yaml);

        Assert.Equal(["ppsResponse", "weinigHulpbronnen"], errors.Select(e => e.Split("Feit '")[1].Split('\'')[0]));
        Assert.All(errors, e => Assert.StartsWith($"regio.yaml:{LineOf(yaml, "questionnaire: psychosociale-anamnese")}:22: ", e, StringComparison.Ordinal));
    }

    [Fact]
    public void An_overlay_that_removes_the_report_outcome_is_refused()
    {
        var yaml = With("  change:\n", "  change:\n    - step: VT_DECIDE\n      outcomes:\n        - id: afsluiten\n          label: Afsluiten\n        - id: hulp-en-volgen\n          label: Hulp en volgen\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "      outcomes:")}:7: De uitkomsten van 'VT_DECIDE' (Stap 5: beslissen met het afwegingskader) komen uit de standaard en liggen vast " +
                     "(Wet verplichte meldcode; het afwegingskader ligt vast.): een regio kan ze niet weglaten, hernoemen of toevoegen; " +
                     "deze overlay laat 'melden' (Melden bij Veilig Thuis), 'melden-en-hulp' (Melden bij Veilig Thuis én hulp bieden, afgestemd met Veilig Thuis) weg. Een eigen afweging krijgt een eigen stap (steps.add).", error);
    }

    [Fact]
    public void A_local_step_cannot_turn_the_report_outcome_away_from_the_report()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [VT_DECIDE, VT_REPORT]")
            .Replace("        deadline: P7D\n  change:", "        deadline: P7D\n        next: VT_END\n  change:", StringComparison.Ordinal);

        var errors = Errors(yaml);

        // Both report outcomes lead to the report in the standard; each is named.
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("Uitkomst 'melden-en-hulp'", StringComparison.Ordinal));
        var error = errors.Single(e => e.Contains("Uitkomst 'melden' ", StringComparison.Ordinal));
        Assert.Equal($"regio.yaml:{LineOf(yaml, "between: [VT_DECIDE, VT_REPORT]")}:16: Uitkomst 'melden' (Melden bij Veilig Thuis) van 'VT_DECIDE' (Stap 5: beslissen met het afwegingskader) " +
                     "leidt in de standaard naar 'VT_REPORT' (Melding bij Veilig Thuis); de overlay maakt een weg die daar niet langs gaat. " +
                     "Een regio mag de uitkomsten en pijlen van vaste stappen niet omleiden: een eigen stap op die pijl gaat verder naar 'VT_REPORT'.", error);
    }

    [Fact]
    public void An_overlay_names_the_exact_template_version()
    {
        var yaml = With("  id: blauwdruk\n  version: 1.3.0\n", "  id: blauwdruk\n  version: 0.9.0\n");

        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"regio.yaml:{LineOf(yaml, "version: 0.9.0")}:12: Standaard 'blauwdruk' versie 0.9.0 is niet beschikbaar (beschikbaar: 1.3.0).", error);
    }

    [Fact]
    public void A_local_step_goes_between_two_steps_that_follow_each_other()
    {
        var yaml = With("    - between: [CAREPLAN, REFERRALS]", "    - between: [INTAKE, DISCUSS]");

        HasMessage("Er is geen pijl van 'Intake eerste zwangerschapscontrole' naar 'Uitkomst bespreken met de zwangere'; een lokale stap komt tussen twee stappen die direct op elkaar volgen.", Errors(yaml));
    }

    [Fact]
    public void An_organisation_holds_only_roles_of_the_standard()
    {
        var yaml = With("    roles: [zorgcoordinator]", "    roles: [zorgcoordinator, casemanager]");

        HasMessage("Organisatie 'VSV Rotterdam-Zuid — casemanagement kwetsbare zwangeren' heeft onbekende rol 'casemanager'; rollen van de standaard: verloskundige, gynaecoloog, zorgcoordinator, mmw, kraamverzorgende, aandachtsfunctionaris, jgz-verpleegkundige, huisarts, kinderarts, jeugdarts, melder.", Errors(yaml));
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
