namespace Blauwdruk.Designer.Tests.Client;

/// <summary>The measure the client's texts are held to: Dutch syllables counted as a reader hears them, Flesch–Douma scores that separate B1 from legal Dutch, and the words she must never see.</summary>
public class ReadabilityTests
{
    [Theory]
    [InlineData("verloskundige", 5)]   // ver-los-kun-di-ge
    [InlineData("zwangerschap", 3)]    // zwan-ger-schap
    [InlineData("kraamzorg", 2)]       // kraam-zorg: aa is one vowel
    [InlineData("ideeën", 3)]          // i-dee-ën: the trema starts a syllable
    [InlineData("geïnformeerd", 4)]    // ge-ïn-for-meerd
    [InlineData("huisbezoek", 3)]      // huis-be-zoek: ui and oe
    [InlineData("coördinator", 5)]     // co-ör-di-na-tor
    [InlineData("bijvoorbeeld", 3)]    // bij-voor-beeld: ij is a vowel
    [InlineData("nieuw", 1)]           // ieu
    [InlineData("moeilijk", 2)]        // moei-lijk: oei
    [InlineData("ooievaar", 3)]        // ooi-e-vaar
    [InlineData("één", 1)]             // the accent stresses, it does not split
    [InlineData("café", 2)]            // ca-fé
    [InlineData("consultatiebureau", 6)] // con-sul-ta-tie-bu-reau: eau
    [InlineData("baby", 2)]            // y is a vowel
    [InlineData("t", 1)]               // at least one
    public void Dutch_syllables_are_counted_by_vowel_group(string word, int syllables) =>
        Assert.Equal(syllables, Readability.Syllables(word));

    [Fact]
    public void Sentences_end_at_a_full_stop_a_question_or_exclamation_mark_or_a_line_break_and_numbers_are_not_words()
    {
        var score = Readability.Measure("Je bent zwanger. Gefeliciteerd!\nBel ons op 06-12345678 om 10:15\nWat wil je weten?");

        Assert.Equal(4, score.Sentences);
        // Je bent zwanger / Gefeliciteerd / Bel ons op om / Wat wil je weten.
        Assert.Equal(12, score.Words);
        Assert.Equal((1 + 1 + 2) + 5 + (1 + 1 + 1 + 1) + (1 + 1 + 1 + 2), score.Syllables);
        Assert.Equal(3, score.AverageSentenceLength);
        Assert.Equal(1.5, score.AverageSyllablesPerWord);
        Assert.Equal(206.835 - 0.93 * 3 - 77 * 1.5, score.FleschDouma, precision: 9);
    }

    [Fact]
    public void A_plain_B1_paragraph_scores_at_least_60_with_short_sentences()
    {
        var score = Readability.Measure(
            "Je bent zwanger. Gefeliciteerd! De verloskundige kijkt samen met jou hoe het gaat. "
            + "Soms heb je wat extra hulp nodig. Dan vraagt zij eerst of je dat goed vindt. Je mag altijd nee zeggen.");

        Assert.True(score.FleschDouma >= 60, score.ToString());
        Assert.True(score.AverageSentenceLength <= 15, score.ToString());
        Assert.True(score.IsB1, score.ToString());
    }

    /// <summary>
    /// From the memorie van toelichting of bill 33 509 (Kamerstukken II 2012/13, 33 509, nr. 3, § 1), the
    /// bill that brought the rules for electronic exchange of care data into what is now the Wabvpz.
    /// </summary>
    [Fact]
    public void A_dense_legal_sentence_scores_below_40()
    {
        var score = Readability.Measure(
            "Met dit voorstel van wet wordt uitvoering gegeven aan een aantal moties met betrekking tot de elektronische uitwisseling van medische persoonsgegevens.");

        Assert.True(score.FleschDouma < 40, score.ToString());
        Assert.False(score.IsB1);
    }

    [Fact]
    public void Violations_find_a_guid_fhir_and_a_step_id_and_nothing_in_a_plain_sentence()
    {
        var violations = Readability.Violations(
            "Uw FHIR-document 3f2504e0-4f89-11d3-9a0c-0305e82c3301 is verstuurd in stap HANDOVER_PRENATAL.").ToList();

        Assert.Contains("FHIR", violations);
        Assert.Contains("3f2504e0-4f89-11d3-9a0c-0305e82c3301", violations);
        Assert.Contains("HANDOVER_PRENATAL", violations);
        Assert.Empty(Readability.Violations("Uw verloskundige heeft de overdracht op 2 december naar de JGZ-verpleegkundige gestuurd. Bel 06-12345678 als u vragen heeft."));
    }

    [Theory]
    [InlineData("De versie van de inhoud is 0123456789abcdef.", "versie van de inhoud")]
    [InlineData("De versie van de inhoud is 0123456789abcdef.", "0123456789abcdef")]
    [InlineData("Verstuurd door verloskundige-maas.", "verloskundige-maas")]
    [InlineData("Taak voor de jgz-verpleegkundige.", "jgz-verpleegkundige")]
    [InlineData("Uw regiocoordinator belt u.", "regiocoordinator")]
    [InlineData("Volgens de meldcode is dit gedaan.", "Meldcode")]
    [InlineData("Bekijk het op https://fhir.blauwdruk.nl/Bundle/1.", "https://fhir.blauwdruk.nl/Bundle/1.")]
    [InlineData("Kenmerk urn:uuid:1234.", "urn:uuid:1234.")]
    [InlineData("Organisatie ura:90000101.", "URA")]
    public void Violations_name_what_she_must_not_see(string text, string violation) =>
        Assert.Contains(violation, Readability.Violations(text));

    [Fact]
    public void Veilig_Thuis_is_a_violation_unless_its_involvement_was_disclosed_to_her()
    {
        const string text = "Veilig Thuis is betrokken bij uw gezin.";

        Assert.Contains("Veilig Thuis", Readability.Violations(text));
        Assert.Empty(Readability.Violations(text, disclosed: true));
        Assert.False(Readability.ContainsCode(text));
        Assert.True(Readability.ContainsCode("Stap ID_BSN is klaar."));
    }
}
