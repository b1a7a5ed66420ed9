using System.Text.Json;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Customisation;

public class PathwayDiffTests
{
    private static readonly string[] Regions = ["rijnmond-zuid", "drechtsteden"];

    private static PathwayDiff Drechtsteden() =>
        PathwayDiff.Compare(TestPathways.Standard, TestPathways.MergeOverlay(TestPathways.Region("drechtsteden")).Definition!);

    [Fact]
    public void The_diff_lists_added_removed_and_changed_steps_with_old_and_new_values()
    {
        var diff = Drechtsteden();

        Assert.Contains(new DiffEntry("BIRTHPLAN", "Geboorteplan met afspraken over kinderarts en kraamperiode", DiffKind.Removed,
            Old: "taak · Verloskundige · 4 weken vóór de uitgerekende datum · vervolg Voorbereiding afgerond"), diff.Changes);
        Assert.Contains(diff.Changes, c => c is { StepId: "WARM_HANDOVER", Kind: DiffKind.Added });
        Assert.Contains(new DiffEntry("SCREEN_PPS", "Screening psychopathologie, psychosociale problemen en middelengebruik", DiffKind.Changed, "questionnaire",
            "pps-screening", "psychosociale-anamnese"), diff.Changes);
        Assert.Contains(diff.Changes, c => c is { StepId: "%ppsResponse", Kind: DiffKind.Changed, Property: "expression" });
        Assert.Contains(new DiffEntry("PRENATAL_PREPARATION", "Voorbereiding op de bevalling", DiffKind.Changed, "next",
            "Kraamzorgintake met aandachtspunten, Geboorteplan met afspraken over kinderarts en kraamperiode", "Kraamzorgintake met aandachtspunten, Voorbereiding afgerond"), diff.Changes);
        Assert.DoesNotContain(diff.Changes, c => c.StepId == "INTAKE");
        Assert.Equal(7, diff.Municipalities.Count);
    }

    [Fact]
    public void A_region_text_that_drops_the_standards_sentence_on_safety_keeps_it_before_its_own_and_the_diff_warns()
    {
        const string Safety = "Bij zorg over de veiligheid van moeder of (ongeboren) kind start u de Meldcode met het signaal 'Zorg over veiligheid'.";
        Assert.Contains(Safety, TestPathways.Standard.Step("DISCUSS").Instructions);
        Assert.DoesNotContain("Meldcode", TestPathways.Region("rijnmond-zuid").Split("- step: DISCUSS")[1].Split("- step: MDO")[0], StringComparison.Ordinal);

        var rotterdam = TestPathways.MergeOverlay(TestPathways.Region("rijnmond-zuid")).Definition!;

        var instructions = rotterdam.Step("DISCUSS").Instructions!;
        Assert.StartsWith(Safety + " Bespreek de uitkomst bij dezelfde of de volgende controle", instructions, StringComparison.Ordinal);
        var change = Assert.Single(PathwayDiff.Compare(TestPathways.Standard, rotterdam).Changes, c => c is { StepId: "DISCUSS", Property: "instructions" });
        Assert.Contains("Die zin blijft altijd staan", change.Warning);
        Assert.Contains(Safety, change.Warning);
        // A text that keeps the sentence itself is taken as written, once.
        Assert.Equal($"Eerst dit. {Safety}", SafetyText.Kept(Safety, $"Eerst dit. {Safety}"));
        Assert.Null(PathwayDiff.Compare(TestPathways.Standard, rotterdam).Changes.Single(c => c is { StepId: "MDO", Property: "instructions" }).Warning);
    }

    [Fact]
    public void Against_the_version_in_use_the_diff_names_the_organisations_and_municipalities_that_joined_or_left_and_changed_contacts()
    {
        var inUse = TestPathways.MergeOverlay(TestPathways.Region("drechtsteden")).Definition!;
        var gone = inUse.Organisations[0];
        var changed = inUse.Organisations[1];
        var draft = inUse with
        {
            Organisations = [.. inUse.Organisations.Skip(2), changed with { Phone = "078-0000000" }, new OrganisationDefinition { Id = "nieuw", Name = "Nieuwe praktijk" }],
            Municipalities = [.. inUse.Municipalities.Skip(1)],
        };

        var diff = PathwayDiff.Compare(inUse, draft);

        Assert.Contains(new DiffEntry("organisation:nieuw", "Nieuwe praktijk", DiffKind.Added, "organisation"), diff.Changes);
        Assert.Contains(new DiffEntry($"organisation:{gone.Id}", gone.Name, DiffKind.Removed, "organisation"), diff.Changes);
        Assert.Contains(new DiffEntry($"municipality:{inUse.Municipalities[0].Code}", $"{inUse.Municipalities[0].Name} ({inUse.Municipalities[0].Code})", DiffKind.Removed, "municipality"), diff.Changes);
        Assert.Contains(new DiffEntry($"organisation:{changed.Id}", changed.Name, DiffKind.Changed, "phone", changed.Phone, "078-0000000"), diff.Changes);
        Assert.Contains($"+ organisatie Nieuwe praktijk  (toegevoegd)", diff.ToText(), StringComparison.Ordinal);
        Assert.Contains($"- gemeente {inUse.Municipalities[0].Name} ({inUse.Municipalities[0].Code})  (verwijderd)", diff.ToText(), StringComparison.Ordinal);
        // Against the standard, which has no organisations of its own, none is listed as added.
        Assert.DoesNotContain(PathwayDiff.Compare(TestPathways.Standard, inUse).Changes, c => c.Property is "organisation" or "municipality");
    }

    [Fact]
    public void The_text_diff_reads_like_a_change_list_for_a_coordinator()
    {
        var text = Drechtsteden().ToText();

        Assert.StartsWith("Operationeel zorgpad drechtsteden 1.3.0 ten opzichte van blauwdruk 1.3.0", text);
        Assert.Contains("- BIRTHPLAN  Geboorteplan met afspraken over kinderarts en kraamperiode  (uitgeschakeld)", text);
        Assert.Contains("~ SCREEN_PPS  Screening psychopathologie, psychosociale problemen en middelengebruik\n    vragenlijst: pps-screening → psychosociale-anamnese", text);
        Assert.Contains("+ WARM_HANDOVER  Warme overdracht kraamzorg en JGZ  (nieuw: taak · Kraamverzorgende · binnen 10 dagen na de geboorte · vervolg Overdrachten na de kraamweek)", text);
    }

    [Fact]
    public void The_json_diff_round_trips()
    {
        var diff = Drechtsteden();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var back = JsonSerializer.Deserialize<PathwayDiff>(JsonSerializer.Serialize(diff, options), options)!;

        Assert.Equal(diff.Changes, back.Changes);
        Assert.Equal(diff.Hash, back.Hash);
    }

    [Fact]
    public void A_new_template_version_tells_each_region_what_to_revisit()
    {
        var next = File.ReadAllText(TestPathways.StandardFile)
            .Replace("version: 1.3.0\ntitle: Blauwdruk", "version: 1.4.0\ntitle: Blauwdruk", StringComparison.Ordinal)
            .Replace("      - id: weigert-hulp\n        label: Weigert hulp\n    deadline: P14D", "      - id: weigert-hulp\n        label: Weigert hulp\n    deadline: P5D", StringComparison.Ordinal);
        var template = PathwayReader.Read(next, "blauwdruk.yaml", Path.Combine(TestPathways.Directory, "blauwdruk"));
        var overlays = Regions.Select(r => OverlayReader.Read(TestPathways.Region(r), $"{r}.yaml", TestPathways.RegionsDirectory));

        var impacts = OperationalPathways.Recheck(template, overlays).ToDictionary(i => i.Region);

        Assert.True(template.IsValid, string.Join("\n", template.Errors));
        Assert.True(impacts["drechtsteden"].StillValid, string.Join("\n", impacts["drechtsteden"].Errors));
        var problem = Assert.Single(impacts["rijnmond-zuid"].Errors);
        Assert.EndsWith("De termijn van 'Uitkomst bespreken met de zwangere' mag korter, tot 5 dagen, niet langer: de standaard zegt 'binnen 5 dagen', de regio 'binnen 1 week'.", problem.ToString());
        Assert.StartsWith("rijnmond-zuid.yaml:", problem.ToString());
        Assert.Equal(("1.3.0", "1.4.0"), (impacts["rijnmond-zuid"].FromVersion, impacts["rijnmond-zuid"].ToVersion));
    }

    [Fact]
    public void A_regions_own_working_days_come_first_in_the_diff()
    {
        var overlay = TestPathways.Region("rijnmond-zuid").Replace(
            "workingDays:\n  liberationDayEveryYear: false\n  goodFriday: false\n", "workingDays:\n  liberationDayEveryYear: true\n  goodFriday: true\n", StringComparison.Ordinal);
        var diff = PathwayDiff.Compare(TestPathways.Standard, TestPathways.MergeOverlay(overlay).Definition!);

        Assert.Equal(
            new DiffEntry(PathwayDiff.WorkingDaysEntry, "Werkdagen", DiffKind.Changed, "workingDays", HolidayCalendar.Default.ToString(), HolidayCalendar.AlgemeneTermijnenwet.ToString()),
            diff.Changes[0]);
        Assert.Contains(
            "~ workingDays  Werkdagen\n    werkdagen: maandag t/m vrijdag, zonder de landelijke feestdagen zoals de meeste cao's (Bevrijdingsdag alleen in lustrumjaren; Goede Vrijdag is een werkdag)"
            + " → maandag t/m vrijdag, zonder de feestdagen van de Algemene termijnenwet (ook Goede Vrijdag en elk jaar Bevrijdingsdag)",
            diff.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_standards_working_days_written_out_are_no_change()
    {
        var diff = PathwayDiff.Compare(TestPathways.Standard, TestPathways.MergeOverlay(TestPathways.Region("rijnmond-zuid")).Definition!);

        Assert.DoesNotContain(diff.Changes, c => c.StepId == PathwayDiff.WorkingDaysEntry);
    }
}
