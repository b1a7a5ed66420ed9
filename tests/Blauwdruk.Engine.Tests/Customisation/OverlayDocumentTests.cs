using Blauwdruk.Engine.Customisation;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>The overlay as the Designer's forms edit it: the YAML changed in place, read back by the engine as a region would have written it.</summary>
public sealed class OverlayDocumentTests
{
    [Fact]
    public void A_hand_written_overlay_opens_with_its_changes()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;

        Assert.Equal("1.4.0", document.Version);
        Assert.Equal("P7D", document.Deadline("DISCUSS"));
        Assert.Equal("P10D", document.Deadline("HANDOVER_JGZ")); // the "within" of a deadline with an anchor
        Assert.StartsWith("Het POP-overleg is elke dinsdag", document.Instructions("MDO"), StringComparison.Ordinal);
        Assert.Null(document.Deadline("INTAKE"));
        Assert.False(document.IsRemoved("JGZ_PHB"));
        Assert.Null(OverlayDocument.Parse("- geen\n- mapping"));
    }

    [Fact]
    public void Edits_write_the_yaml_a_region_would_write_and_the_engine_reads_them_back()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;

        document.Version = "1.5.0";
        document.SetDeadline("INTAKE", "P10D");
        document.SetInstructions("MDO", null);
        document.SetDeadline("MDO", null);
        document.SetRemoved("JGZ_PHB", removed: true);
        var merged = TestPathways.MergeOverlay(document.ToYaml());

        Assert.True(merged.IsValid, string.Join("; ", merged.Errors));
        var pathway = merged.Definition!;
        Assert.Equal("1.5.0", pathway.Version);
        Assert.Equal("binnen 10 dagen", pathway.Step("INTAKE").Deadline!.ToString());
        Assert.Equal(TestPathways.Standard.Step("MDO").Deadline, pathway.Step("MDO").Deadline);
        Assert.Null(pathway.FindStep("JGZ_PHB"));

        var reread = OverlayDocument.Parse(document.ToYaml())!;
        Assert.Equal(("P10D", true), (reread.Deadline("INTAKE"), reread.IsRemoved("JGZ_PHB")));
        Assert.NotNull(reread.LineOf("INTAKE", "deadline"));
    }

    [Fact]
    public void A_shorter_deadline_keeps_its_anchor_and_a_handover_before_the_kraamperiode_is_an_error_on_its_line()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        document.SetDeadline("HANDOVER_JGZ", "P5D");
        var reread = OverlayDocument.Parse(document.ToYaml())!;

        var merged = TestPathways.MergeOverlay(document.ToYaml());

        var error = Assert.Single(merged.Errors);
        Assert.Equal(reread.LineOf("HANDOVER_JGZ", "deadline"), error.Line);
        Assert.StartsWith("De termijn van overdracht 'HANDOVER_JGZ' (Postnatale overdracht aan de JGZ), binnen 5 dagen na de geboorte, eindigt vóór", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_deadline_on_a_locked_step_is_an_error_on_the_line_of_that_field()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        document.SetDeadline("ID_BSN", "P30D");
        var reread = OverlayDocument.Parse(document.ToYaml())!;

        var merged = TestPathways.MergeOverlay(document.ToYaml());

        var error = Assert.Single(merged.Errors);
        Assert.Equal(reread.LineOf("ID_BSN", "deadline"), error.Line);
        Assert.Contains("mag korter, tot ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contacts_are_edited_in_place_and_a_wrong_one_is_an_error_on_its_line()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        Assert.Equal(("010-0000101", "praktijk@demaas.example"), (document.Organisations().Single(o => o.Id == "de-maas").Phone, document.Organisations().Single(o => o.Id == "de-maas").Email));

        document.SetContact("kraamzorg-rijnmond", "phone", "010-7654321");
        document.SetContact("de-maas", "email", null);
        var merged = TestPathways.MergeOverlay(document.ToYaml());
        Assert.True(merged.IsValid, string.Join("; ", merged.Errors));
        Assert.Equal("010-7654321", merged.Definition!.FindOrganisation("kraamzorg-rijnmond")!.Phone);
        Assert.Null(merged.Definition.FindOrganisation("de-maas")!.Email);

        document.SetContact("de-maas", "email", "geen-adres");
        var reread = OverlayDocument.Parse(document.ToYaml())!;
        var error = Assert.Single(TestPathways.MergeOverlay(document.ToYaml()).Errors);
        Assert.Equal((reread.ContactLine("de-maas", "email"), "Organisatie 'de-maas': 'geen-adres' is geen e-mailadres (naam@domein.nl)."), (error.Line, error.Message));
    }

    [Fact]
    public void Referral_options_are_added_and_removed_and_the_engine_reads_them()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        Assert.Equal(["Wijkteam (Rotterdam)", "Sociaal team (Barendrecht, Albrandswaard)"], document.Referrals("REF_SOCIAL").Select(r => r.Label));

        document.AddReferral("REF_JGZ_PRENATAL", "cjg-rijnmond", "CJG Rijnmond");
        document.RemoveReferral("REF_SOCIAL", 0);
        document.RemoveReferral("REF_MEDICAL", 0);
        var merged = TestPathways.MergeOverlay(document.ToYaml());

        Assert.True(merged.IsValid, string.Join("; ", merged.Errors));
        Assert.Equal(["CJG Rijnmond"], merged.Definition!.Step("REF_JGZ_PRENATAL").ReferralOptions.Select(o => o.Label));
        Assert.Equal(["Sociaal team (Barendrecht, Albrandswaard)"], merged.Definition.Step("REF_SOCIAL").ReferralOptions.Select(o => o.Label));
        Assert.Empty(merged.Definition.Step("REF_MEDICAL").ReferralOptions);

        document.AddReferral("REF_MEDICAL", "bestaat-niet", "Onbekend");
        Assert.Contains(TestPathways.MergeOverlay(document.ToYaml()).Errors, e => e.Message.Contains("onbekende organisatie 'bestaat-niet'", StringComparison.Ordinal));
    }

    [Fact]
    public void Local_steps_are_added_between_two_steps_and_removed()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        Assert.Equal(("CAREPLAN_POP", "CAREPLAN", "REFERRALS"), document.LocalSteps().Select(l => (l.Id, l.After, l.Before)).Single());

        document.AddLocalStep(new LocalStep("TOLK", "Tolk regelen", "verloskundige", "ID_BSN", "SCREEN_PPS", "P3D"));
        document.RemoveLocalStep("CAREPLAN_POP");
        var merged = TestPathways.MergeOverlay(document.ToYaml());

        Assert.True(merged.IsValid, string.Join("; ", merged.Errors));
        var pathway = merged.Definition!;
        Assert.Equal(["TOLK"], pathway.Step("ID_BSN").Successors);
        Assert.Equal(["SCREEN_PPS"], pathway.Step("TOLK").Successors);
        Assert.Equal(("verloskundige", "binnen 3 dagen"), (pathway.Step("TOLK").Role, pathway.Step("TOLK").Deadline!.ToString()));
        Assert.Null(pathway.FindStep("CAREPLAN_POP"));
        Assert.Equal(["TOLK"], OverlayDocument.Parse(document.ToYaml())!.LocalSteps().Select(l => l.Id));
    }

    [Fact]
    public void An_error_in_a_local_steps_own_field_lies_within_the_steps_lines()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        document.AddLocalStep(new LocalStep("TOLK", "Tolk regelen", "verloskundige", "ID_BSN", "SCREEN_PPS", "drie dagen"));
        var yaml = document.ToYaml();
        document = OverlayDocument.Parse(yaml)!;

        var error = Assert.Single(TestPathways.MergeOverlay(yaml).Errors);
        var (first, last) = document.LocalStepLines("TOLK")!.Value;
        Assert.Contains("drie dagen", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, first + 1, last); // the deadline's own line, not the step's first
        Assert.Equal("drie dagen", yaml.Split('\n')[error.Line - 1].Split(':', 2)[1].Trim().Trim('\'', '"'));
        Assert.True(document.LocalStepLines("CAREPLAN_POP")!.Value.Last < first || document.LocalStepLines("CAREPLAN_POP")!.Value.First > last);
    }

    [Fact]
    public void A_file_written_by_hand_keeps_its_comments_through_the_forms()
    {
        var yaml = TestPathways.Region("drechtsteden");
        var written = OverlayDocument.Parse(yaml)!.ToYaml();

        Assert.StartsWith("# yaml-language-server: $schema=../schema/overlay.schema.json\n#\n# Operationeel zorgpad van VSV Drechtsteden", written, StringComparison.Ordinal);
        Assert.Contains(
            "\n\n# De regio gebruikt haar eigen psychosociale anamnese. Die heeft dezelfde vier domeinen als de\n"
            + "# vragenlijst van de standaard; opnieuw vastgelegd zijn de feiten die bij het instrument horen: het\n"
            + "# feit dat het antwoord vindt en de drempel voor weinig eigen hulpbronnen.\nquestionnaires:\n", written, StringComparison.Ordinal);
        Assert.True(TestPathways.MergeOverlay(written).IsValid);
    }

    [Fact]
    public void A_comment_follows_its_node_when_others_change_and_leaves_with_it()
    {
        var yaml = TestPathways.Region("rijnmond-zuid")
            .Replace("version: 1.4.0\ntitle:", "version: 1.4.0 # versie voor de standaard 1.3.0, vastgesteld in het VSV\ntitle:", StringComparison.Ordinal)
            .Replace("    - step: MDO\n", "    # Afgesproken in het VSV-overleg van maart.\n    - step: MDO\n", StringComparison.Ordinal)
            .Replace("    - step: HANDOVER_JGZ\n", "    # Overdracht volgens het convenant met de JGZ.\n    - step: HANDOVER_JGZ\n", StringComparison.Ordinal)
            .Replace("instructions: Het POP-overleg is elke dinsdag", "instructions: 'Het POP-overleg # is elke dinsdag", StringComparison.Ordinal)
            .Replace("via de casemanager.\n", "via de casemanager.'\n", StringComparison.Ordinal);
        var document = OverlayDocument.Parse(yaml)!;

        document.Version = "1.5.0";
        document.SetDeadline("DISCUSS", null);
        document.SetInstructions("DISCUSS", null);  // DISCUSS's change goes: MDO's comment stays with MDO
        document.SetDeadline("HANDOVER_JGZ", null); // its change goes, and its comment with it
        var written = document.ToYaml();

        Assert.Contains("version: 1.5.0 # versie voor de standaard 1.3.0, vastgesteld in het VSV\n", written, StringComparison.Ordinal);
        Assert.Contains("\n  # Afgesproken in het VSV-overleg van maart.\n  - step: MDO\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("convenant", written, StringComparison.Ordinal);
        Assert.Contains("Het POP-overleg # is elke dinsdag", written, StringComparison.Ordinal); // inside a value: no comment
        Assert.Equal("1.5.0", OverlayDocument.Parse(written)!.Version);
    }

    [Fact]
    public void Organisations_get_roles_and_municipalities_and_new_ones_are_added()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;
        var (roles, municipalities) = document.Coverage("de-maas");
        Assert.Equal(["verloskundige", "aandachtsfunctionaris"], roles);
        Assert.Equal(["GM0599"], municipalities);

        document.AddOrganisation("kraamzorg-zuid", "Kraamzorg Zuid");
        document.SetRoles("kraamzorg-zuid", ["kraamverzorgende"]);
        document.SetAandachtsfunctionaris("kraamzorg-zuid", "kraamzorg-rijnmond");
        document.SetMunicipalities("kraamzorg-zuid", ["GM0489", "GM0613"]);
        document.SetMunicipalities("de-maas", []);
        var merged = TestPathways.MergeOverlay(document.ToYaml());

        Assert.True(merged.IsValid, string.Join("; ", merged.Errors));
        var pathway = merged.Definition!;
        Assert.Contains(pathway.OrganisationsFor("kraamverzorgende", "GM0489"), o => o.Id == "kraamzorg-zuid");
        Assert.DoesNotContain(pathway.OrganisationsFor("kraamverzorgende", "GM0599"), o => o.Id == "kraamzorg-zuid");
        Assert.Contains(pathway.OrganisationsFor("verloskundige", "GM0489"), o => o.Id == "de-maas"); // no municipalities: the whole region
        Assert.Equal("kraamzorg-rijnmond", pathway.FindOrganisation("kraamzorg-zuid")!.Aandachtsfunctionaris);
        Assert.Equal("kraamzorg-rijnmond", OverlayDocument.Parse(document.ToYaml())!.Aandachtsfunctionaris("kraamzorg-zuid"));

        document.SetAandachtsfunctionaris("kraamzorg-zuid", null);
        Assert.Null(document.Aandachtsfunctionaris("kraamzorg-zuid"));
        Assert.False(TestPathways.MergeOverlay(document.ToYaml()).IsValid); // a kraamverzorgende can start the Meldcode
    }

    [Fact]
    public void A_new_organisation_with_a_wrong_code_is_an_error_on_its_line()
    {
        var document = OverlayDocument.Parse(TestPathways.Region("rijnmond-zuid"))!;

        document.AddOrganisation("kraamzorg zuid", "Kraamzorg Zuid");
        var reread = OverlayDocument.Parse(document.ToYaml())!;
        var error = Assert.Single(OverlayReader.Read(document.ToYaml(), "regio.yaml", TestPathways.RegionsDirectory).Errors);

        Assert.Equal((reread.OrganisationLine("kraamzorg zuid"), "Ongeldige code van organisatie 'kraamzorg zuid': gebruik kleine letters, cijfers en streepjes (bijvoorbeeld kraamzorg-zuid)."), (error.Line, error.Message));
    }
}
