using System.Xml.Linq;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Tests.Conformance;
using Hl7.Fhir.Model;
using UglyToad.PdfPig;

namespace Blauwdruk.Engine.Tests.Handover;

/// <summary>
/// The client's copy of her handover as a PDF, read back with PdfPig: the heading says what was sent to
/// whom and when, every section of every document is there with its narrative, long copies continue over
/// numbered pages, and Dutch characters survive.
/// </summary>
public class HandoverCopyTests
{
    /// <summary>10:15 in Amsterdam (winter time, UTC+1).</summary>
    private static readonly DateTimeOffset SentAt = new(2026, 12, 2, 9, 15, 0, TimeSpan.Zero);

    private static readonly HandoverCopyHeading Heading = new("Prenatale overdracht aan de JGZ", "JGZ Rotterdam-Zuid", SentAt, 2);

    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>The complete journey (every form answered), as the engine sends it: one document per child.</summary>
    private static IReadOnlyList<Bundle> Handover(HandoverKind kind, Func<InstanceState, InstanceState>? change = null)
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", "overdracht-compleet.yaml"), "overdracht-compleet.yaml");
        var played = ScenarioRunner.Run(read.Scenario!, TestPathways.Standard);
        Assert.True(played.Passed, string.Join("\n", played.Failures));
        var state = change is null ? played.State! : change(played.State!);
        var recipient = HandoverReadiness.RecipientOf(TestPathways.Standard, state)!;
        var grant = HandoverGrant.Of(state.GrantFor(kind, recipient, state.StartedAt.AddMonths(8))!);
        return HandoverDocument.BuildEach(TestPathways.Standard, state, played.Journal, kind, HandoverReadiness.ChildrenOf(state, kind),
            HandoverConformanceTests.Mother, grant, HandoverConformanceTests.Midwife, SentAt, 2);
    }

    /// <summary>A document with one section whose narrative is the given XHTML.</summary>
    private static Bundle Document(string title, string sectionTitle, string xhtml) => new()
    {
        Type = Bundle.BundleType.Document,
        Entry =
        [
            new Bundle.EntryComponent
            {
                Resource = new Composition
                {
                    Title = title,
                    Section = [new Composition.SectionComponent { Title = sectionTitle, Text = new Narrative { Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{xhtml}</div>" } }],
                },
            },
        ],
    };

    /// <summary>The copy's words, page after page, one space between: a phrase wrapped over two lines still reads as one.</summary>
    private static string Words(PdfDocument pdf) => string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

    private static string Collapsed(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<Composition.SectionComponent> Sections(IEnumerable<Bundle> documents) =>
        documents.SelectMany(d => ((Composition)d.Entry[0].Resource!).Section);

    [Fact]
    public void The_copy_says_what_was_sent_to_whom_when_in_Dutch_time_and_which_version_on_A4()
    {
        using var pdf = PdfDocument.Open(HandoverCopy.Pdf(Heading, Handover(HandoverKind.Prenatal)));

        var first = pdf.GetPage(1);
        var words = Words(pdf);
        Assert.Contains("Uw kopie: Prenatale overdracht aan de JGZ", words, StringComparison.Ordinal);
        Assert.Contains("Verstuurd aan JGZ Rotterdam-Zuid op 2 december 2026 om 10:15", words, StringComparison.Ordinal);
        Assert.Contains("Versie 2", words, StringComparison.Ordinal);
        Assert.True(first.Text.IndexOf("Uw kopie", StringComparison.Ordinal) < first.Text.IndexOf("Versie 2", StringComparison.Ordinal));
        Assert.Equal((595, 842), ((int)first.Width, (int)first.Height));
        Assert.Equal("Uw kopie: Prenatale overdracht aan de JGZ", pdf.Information.Title);
    }

    [Fact]
    public void Every_section_is_in_the_copy_with_its_title_in_bold_and_every_line_of_its_narrative()
    {
        var documents = Handover(HandoverKind.Postnatal);

        using var pdf = PdfDocument.Open(HandoverCopy.Pdf(Heading with { Title = "Overdracht na de geboorte aan de JGZ" }, documents));

        var words = Words(pdf);
        var sections = Sections(documents).ToList();
        Assert.Contains(sections, s => s.Code!.Text == HandoverDocument.KraamperiodeSection);
        var boldWords = pdf.GetPages().SelectMany(p => p.GetWords()).Where(w => w.Letters.All(l => l.FontName?.EndsWith("Bold", StringComparison.Ordinal) == true)).Select(w => w.Text).ToHashSet();
        Assert.All(sections, s =>
        {
            Assert.Contains(s.Title!, words, StringComparison.Ordinal);
            Assert.All(s.Title!.Split(' '), word => Assert.Contains(word, boldWords));
        });
        // Each list item of each narrative, as the JGZ received it, with its bullet.
        var items = sections.SelectMany(s => XElement.Parse(s.Text!.Div!).Descendants(Xhtml + "li")).Select(li => Collapsed(li.Value)).ToList();
        Assert.True(items.Count > 20, $"{items.Count} items");
        Assert.All(items, item => Assert.Contains($"• {item}", words, StringComparison.Ordinal));
        Assert.Contains("Huisarts: Huisartsenpraktijk Afrikaanderwijk, tel. 010-4850000", words, StringComparison.Ordinal);
        Assert.Contains("Gehoorscreening: Gedaan, voldoende", words, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_copy_continues_over_pages_each_numbered_and_no_line_runs_off_the_page()
    {
        var appointments = string.Concat(Enumerable.Range(1, 120).Select(i =>
            $"<li>Afspraak {i}: huisbezoek door de jeugdverpleegkundige samen met de kraamverzorgende, met uitleg over voeding, slapen en veilig slapen, en een vervolgafspraak op het consultatiebureau.</li>"));
        var documents = Handover(HandoverKind.Prenatal).Append(Document("Aanvullende afspraken", "Afspraken", $"<ul>{appointments}</ul>")).ToList();

        using var pdf = PdfDocument.Open(HandoverCopy.Pdf(Heading, documents));

        var pages = pdf.GetPages().ToList();
        Assert.True(pages.Count > 2, $"{pages.Count} page(s)");
        Assert.All(pages, page => Assert.Contains($"Pagina {page.Number} van {pages.Count}", page.Text, StringComparison.Ordinal));
        // Wrapped to the width and broken off above the footer: every letter within the margins.
        var letters = pages.SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Right, 50, 595 - 50));
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Bottom, 30, 842 - 50));
        // Nothing lost at a page break: the first and the last item are there, the last on the last page.
        var words = Words(pdf);
        Assert.Contains("• Afspraak 1: huisbezoek door de jeugdverpleegkundige", words, StringComparison.Ordinal);
        Assert.Contains("Afspraak 120: huisbezoek", string.Join(" ", pages[^1].GetWords().Select(w => w.Text)), StringComparison.Ordinal);
        Assert.Equal(120, Enumerable.Range(1, 120).Count(i => words.Contains($"• Afspraak {i}: huisbezoek door de jeugdverpleegkundige samen met de kraamverzorgende, met uitleg", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_copy_of_a_twins_handover_has_both_childrens_documents()
    {
        var documents = Handover(HandoverKind.Postnatal, state => state with { Newborns = [.. state.Newborns, new Newborn(2, Guid.NewGuid())] });
        Assert.Equal(2, documents.Count);

        using var pdf = PdfDocument.Open(HandoverCopy.Pdf(Heading with { Title = "Overdracht na de geboorte aan de JGZ" }, documents));

        var words = Words(pdf);
        Assert.Contains("Overdracht na de geboorte aan de JGZ: Noor El Idrissi (moeder Fatima Jansen)", words, StringComparison.Ordinal);
        Assert.Contains("Overdracht na de geboorte aan de JGZ: kind 2 (moeder Fatima Jansen)", words, StringComparison.Ordinal);
        Assert.Contains("kind 1 van een meerling van 2", words, StringComparison.Ordinal);
        Assert.Contains("kind 2 van een meerling van 2", words, StringComparison.Ordinal);
        // Each child's sections, the first child's before the second's.
        var birth = Sections(documents).First(s => s.Code!.Text == HandoverDocument.BirthSection).Title!;
        var first = words.IndexOf(birth, StringComparison.Ordinal);
        Assert.True(first >= 0 && words.IndexOf(birth, first + 1, StringComparison.Ordinal) > words.IndexOf("kind 2 (moeder", StringComparison.Ordinal));
    }

    [Fact]
    public void Dutch_characters_survive_and_a_character_outside_the_font_becomes_a_close_one()
    {
        var document = Document("Overdracht aan de JGZ: Zoë Bakker", "Cliënt en gezin",
            "<p>De cliënt is <b>geïnformeerd</b> over de ideeën van de coördinator – ook over de crèche.</p>"
            + "<table><tr><th>Eigen bijdrage</th><td>€ 25</td></tr><tr><td>Taal</td><td>Türkçe</td></tr></table>"
            + "<ul><li>Eén afspraak<br/>per week</li></ul><p>IJsselmonde en de ĳsbaan: 3 − 1 → 2; Ştefan</p>");

        using var pdf = PdfDocument.Open(HandoverCopy.Pdf(Heading with { Recipient = "JGZ Zuid-Holland Zuid – Dordrecht" }, [document]));

        var words = Words(pdf);
        Assert.Contains("Verstuurd aan JGZ Zuid-Holland Zuid – Dordrecht", words, StringComparison.Ordinal);
        Assert.Contains("Overdracht aan de JGZ: Zoë Bakker", words, StringComparison.Ordinal);
        Assert.Contains("Cliënt en gezin", words, StringComparison.Ordinal);
        Assert.Contains("De cliënt is geïnformeerd over de ideeën van de coördinator – ook over de crèche.", words, StringComparison.Ordinal);
        Assert.Contains("Eigen bijdrage: € 25", words, StringComparison.Ordinal);
        Assert.Contains("Taal: Türkçe", words, StringComparison.Ordinal);
        Assert.Contains("• Eén afspraak per week", words, StringComparison.Ordinal);
        // ĳ, −, → and Ş are not in WinAnsiEncoding.
        Assert.Contains("IJsselmonde en de ijsbaan: 3 - 1 -> 2; Stefan", words, StringComparison.Ordinal);
    }
}
