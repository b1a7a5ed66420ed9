using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

public class PathwayReaderTests
{
    private const string Valid = """
        id: proef
        version: 1.0.0
        title: Proefpad
        status: active
        roles:
          - id: verloskundige
            label: Verloskundige
        start: INTAKE
        steps:
          - id: INTAKE
            kind: task
            label: Intake
            role: verloskundige
            deadline: P2W
            next: CLOSE
          - id: CLOSE
            kind: end
            label: Einde
        """;

    private static PathwayReadResult Read(string yaml) => PathwayReader.Read(yaml, "proef.yaml");

    private static PathwayError SingleError(string yaml)
    {
        var result = Read(yaml);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_valid_pathway_reads_into_its_definition()
    {
        var result = Read(Valid);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var definition = result.Definition!;
        Assert.Equal("proef", definition.Id);
        Assert.Equal("1.0.0", definition.Version);
        Assert.Equal(PathwayStatus.Active, definition.Status);
        Assert.Equal("INTAKE", definition.StartStepId);
        Assert.Equal(new Deadline(PathwayDuration.Days(14)), definition.Step("INTAKE").Deadline);
        Assert.Equal("Verloskundige", definition.RoleLabel("verloskundige"));
        Assert.Equal(StepKind.End, definition.Step("CLOSE").Kind);
    }

    [Fact]
    public void An_unknown_role_is_reported_at_the_role_field()
    {
        var error = SingleError(Valid.Replace("role: verloskundige", "role: vroedvrouw"));

        Assert.Equal(new PathwayError("proef.yaml", 13, 11, "Stap 'INTAKE' verwijst naar onbekende rol 'vroedvrouw'."), error);
    }

    [Fact]
    public void An_unknown_next_step_is_reported_and_the_orphaned_end_is_unreachable()
    {
        var result = Read(Valid.Replace("next: CLOSE", "next: CLOZE"));

        Assert.Equal(
            [
                "proef.yaml:10:9: Vanaf stap 'INTAKE' is geen eindstap te bereiken.",
                "proef.yaml:15:11: Stap 'INTAKE' verwijst naar onbekende vervolgstap 'CLOZE'.",
                "proef.yaml:16:9: Stap 'CLOSE' is niet bereikbaar vanaf de startstap 'INTAKE'.",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_task_without_a_responsible_role_is_refused()
    {
        var error = SingleError(Valid.Replace("    role: verloskundige\n", ""));

        Assert.Equal("proef.yaml:10:9: Stap 'INTAKE' wordt door een mens gedaan maar heeft geen verantwoordelijke rol: voeg 'role' toe.", error.ToString());
    }

    [Theory]
    [InlineData("P5X")]
    [InlineData("5 dagen")]
    [InlineData("P1M")]
    [InlineData("P0D")]
    [InlineData("PT")]
    public void An_invalid_duration_names_the_value_and_the_accepted_form(string deadline)
    {
        var error = SingleError(Valid.Replace("deadline: P2W", $"deadline: {deadline}"));

        Assert.Equal(14, error.Line);
        Assert.Equal(15, error.Column);
        Assert.StartsWith($"Ongeldige termijn '{deadline}': gebruik een ISO 8601-duur", error.Message);
    }

    [Theory]
    [InlineData("P5D", 5 * 24 * 60, "5 dagen")]
    [InlineData("P2W", 14 * 24 * 60, "2 weken")]
    [InlineData("PT4H", 4 * 60, "4 uur")]
    [InlineData("P1DT12H", 36 * 60, "36 uur")]
    [InlineData("PT90M", 90, "90 minuten")]
    public void Durations_in_weeks_days_hours_and_minutes_are_read(string text, int minutes, string dutch)
    {
        var duration = PathwayReader.ParseDuration(text);

        Assert.Equal(new PathwayDuration(TimeSpan.FromMinutes(minutes)), duration);
        Assert.Equal(dutch, duration!.ToString());
    }

    [Theory]
    [InlineData("5 werkdagen", 5, "5 werkdagen")]
    [InlineData("1 werkdag", 1, "1 werkdag")]
    public void Working_days_are_read(string text, int days, string dutch)
    {
        var duration = PathwayReader.ParseDuration(text);

        Assert.Equal(PathwayDuration.Working(days), duration);
        Assert.Equal(dutch, duration!.ToString());
    }

    [Fact]
    public void A_duplicate_step_id_names_the_line_of_the_first()
    {
        var yaml = Valid.Replace("  - id: CLOSE", """
              - id: INTAKE
                kind: task
                label: Nog een intake
                role: verloskundige
                next: CLOSE
              - id: CLOSE
            """.TrimEnd());

        var error = SingleError(yaml);

        Assert.Equal("proef.yaml:16:9: Stap-id 'INTAKE' komt twee keer voor (eerder op regel 10).", error.ToString());
    }

    [Fact]
    public void A_loop_without_a_way_out_has_no_way_to_an_end()
    {
        var yaml = Valid.Replace("next: CLOSE", "next: INTAKE").Replace("start: INTAKE", "start: CLOSE");

        var errors = Read(yaml).Errors.Select(e => e.Message).ToList();

        Assert.Contains("Stap 'INTAKE' is niet bereikbaar vanaf de startstap 'CLOSE'.", errors);
    }

    [Fact]
    public void A_cycle_reachable_from_the_start_without_an_exit_is_reported()
    {
        var yaml = Valid.Replace("next: CLOSE", "next: INTAKE");

        var errors = Read(yaml).Errors.Select(e => e.ToString()).ToList();

        Assert.Equal(
            [
                "proef.yaml:10:9: Vanaf stap 'INTAKE' is geen eindstap te bereiken.",
                "proef.yaml:16:9: Stap 'CLOSE' is niet bereikbaar vanaf de startstap 'INTAKE'.",
            ],
            errors);
    }

    [Fact]
    public void Missing_fields_and_unknown_fields_are_all_reported_at_once()
    {
        var yaml = Valid.Replace("title: Proefpad\n", "").Replace("    label: Intake\n", "    lable: Intake\n");

        var errors = Read(yaml).Errors.Select(e => e.ToString()).ToList();

        Assert.Equal(
            [
                "proef.yaml:1:1: Verplicht veld 'title' ontbreekt bij het zorgpad.",
                "proef.yaml:9:5: Verplicht veld 'label' ontbreekt bij stap INTAKE.",
                "proef.yaml:11:5: Onbekend veld 'lable' bij stap INTAKE; toegestaan: id, kind, label, description, instructions, phase, role, involved, questionnaire, outcomes, requires, deadline, next, transitions, branches, event, until, handover, recipient, subpathway, customisation, client, requiredSections, note.",
            ],
            errors);
    }

    [Fact]
    public void A_start_step_that_does_not_exist_is_refused()
    {
        var error = SingleError(Valid.Replace("start: INTAKE", "start: BEGIN"));

        Assert.Equal("proef.yaml:8:8: Startstap 'BEGIN' bestaat niet.", error.ToString());
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_position()
    {
        var error = SingleError("id: proef\nsteps: [unclosed\n");

        Assert.Equal(3, error.Line);
        Assert.StartsWith("Geen geldige YAML:", error.Message);
    }

    [Fact]
    public void An_end_step_cannot_continue()
    {
        var error = SingleError(Valid + "\n    next: INTAKE");

        Assert.Equal("proef.yaml:19:11: Eindstap 'CLOSE' kan geen vervolgstap hebben.", error.ToString());
    }

    private static string WithWorkingDays(string block) => Valid.Replace("status: active\n", "status: active\n" + block + "\n", StringComparison.Ordinal);

    [Fact]
    public void Without_working_days_a_pathway_counts_the_national_holidays_as_most_caos_do()
    {
        Assert.Equal(HolidayCalendar.Default, Read(Valid).Definition!.WorkingDays);
    }

    [Fact]
    public void Working_days_may_count_good_friday_and_liberation_day_every_year()
    {
        var both = Read(WithWorkingDays("workingDays:\n  liberationDayEveryYear: true\n  goodFriday: true"));
        var one = Read(WithWorkingDays("workingDays: {goodFriday: true}"));

        Assert.Equal(HolidayCalendar.AlgemeneTermijnenwet, both.Definition!.WorkingDays);
        Assert.Equal(new HolidayCalendar(LiberationDayEveryYear: false, GoodFriday: true), one.Definition!.WorkingDays);
    }

    [Fact]
    public void A_working_days_option_is_true_or_false_not_a_dutch_yes()
    {
        var error = SingleError(WithWorkingDays("workingDays: {goodFriday: ja}"));

        Assert.Equal("proef.yaml:5:27: Veld 'goodFriday' is true of false, niet 'ja'.", error.ToString());
    }

    [Fact]
    public void An_unknown_working_days_option_is_refused_where_it_is_written()
    {
        var error = SingleError(WithWorkingDays("workingDays:\n  goodFriday: true\n  pentecost: true"));

        Assert.Equal("proef.yaml:7:3: Onbekend veld 'pentecost' bij workingDays; toegestaan: liberationDayEveryYear, goodFriday.", error.ToString());
    }

    [Fact]
    public void Working_days_that_are_not_a_mapping_are_refused()
    {
        var error = SingleError(WithWorkingDays("workingDays: cao"));

        Assert.Equal("proef.yaml:5:14: 'workingDays' is een mapping met 'liberationDayEveryYear' en 'goodFriday', elk true of false.", error.ToString());
    }

    [Fact]
    public void A_label_longer_than_two_hundred_characters_is_refused_at_its_position()
    {
        var label = new string('a', 201);

        var error = SingleError(Valid.Replace("label: Intake", $"label: {label}", StringComparison.Ordinal));

        Assert.Equal("proef.yaml:12:12: De tekst bij 'label' is 201 tekens lang; hoogstens 200. Kort hem met 1 teken in.", error.ToString());
    }
}
