using System.Text.RegularExpressions;

namespace Blauwdruk.Designer.Tests.Client;

/// <summary>
/// Whether a text the client reads is plain Dutch (language level B1) and free of the system's words.
/// <para>
/// <b>Flesch–Douma</b> (Douma, W.H. (1960). <i>De leesbaarheid van landbouwbladen.</i> Wageningen), the Dutch
/// adaptation of Flesch's Reading Ease: 206.835 − 0.93 × (words / sentences) − 77 × (syllables / words); the
/// higher, the easier. The bound we hold her texts to: <b>B1 is a Flesch–Douma score of at least 60 with
/// sentences of at most 15 words on average</b> (<see cref="ReadabilityScore.IsB1"/>).
/// </para>
/// <para>
/// <b>How it counts.</b> A sentence ends at . ! ? or a line break; one without a word does not count (so a
/// list item is a sentence, and "…" is one end). A word is a whitespace-separated token with at least one
/// letter: numbers, dates, times and phone numbers (06-12345678) are <i>not</i> words, so a phone number
/// neither lengthens a sentence nor adds syllables. An abbreviation with a full stop (bijv.) ends a sentence:
/// B1 writes it out anyway. Syllables are Dutch vowel groups (<see cref="Syllables"/>), a heuristic that can
/// be off by one on a loanword (quarantaine, yoghurt); on a whole text that does not move the score much.
/// </para>
/// </summary>
public static partial class Readability
{
    /// <summary>Words and phrases the client must never see on her page: the system's vocabulary and ids as code writes them.</summary>
    public static readonly IReadOnlyList<string> ForbiddenWords =
    [
        "FHIR", "URA", "versie van de inhoud", "Bundle", "Composition", "SNOMED", "LOINC", "BSN-hash",
        // Role and user ids as the code spells them: lower case with a hyphen, or without the diaeresis that
        // Dutch writes (regiocoördinator). "JGZ-verpleegkundige" and "aandachtsfunctionaris" are Dutch words.
        "jgz-verpleegkundige", "regiocoordinator", "zorgcoordinator", "verloskundige-maas",
        // Step ids (ContainsCode finds any ALL_CAPS_WITH_UNDERSCORES too) and the safety route.
        "HANDOVER_PRENATAL", "ID_BSN", "VT_REPORT", "Meldcode",
    ];

    /// <summary>Words she sees only when what they name was disclosed to her: Veilig Thuis's involvement.</summary>
    public static readonly IReadOnlyList<string> NeedToKnowWords = ["Veilig Thuis"];

    private static readonly string[] Groups = ["eeu", "ieu", "oei", "aai", "ooi", "eau", "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ij", "ui", "ou", "au"];
    private const string Vowels = "aeiouyĳ";
    private const string Trema = "äëïöü";
    private static readonly char[] Punctuation = [.. "\"'()[]{},;:«»“”‘’–—-…/*"];
    private static readonly Dictionary<char, char> Unaccented = new()
    {
        ['à'] = 'a', ['á'] = 'a', ['â'] = 'a', ['è'] = 'e', ['é'] = 'e', ['ê'] = 'e', ['ì'] = 'i', ['í'] = 'i', ['î'] = 'i',
        ['ò'] = 'o', ['ó'] = 'o', ['ô'] = 'o', ['ù'] = 'u', ['ú'] = 'u', ['û'] = 'u', ['ý'] = 'y',
    };

    /// <summary>The text's sentences, words and syllables, and its Flesch–Douma score.</summary>
    public static ReadabilityScore Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = text.Split(['.', '!', '?', '\n', '\r']).Select(Words).Where(words => words.Count > 0).ToList();
        if (sentences.Count == 0)
        {
            throw new ArgumentException("The text has no words to measure.", nameof(text));
        }

        var words = sentences.SelectMany(s => s).ToList();
        return new ReadabilityScore(sentences.Count, words.Count, words.Sum(Syllables));
    }

    private static List<string> Words(string sentence) =>
        sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token.Trim(Punctuation))
            .Where(token => token.Any(char.IsLetter))
            .ToList();

    /// <summary>
    /// A Dutch word's syllables: its vowel groups (a e i o u y, ij as a vowel), each diphthong or long vowel
    /// (aa ee oo uu ie oe eu ei ij ui ou au, eeu ieu oei aai ooi, and eau as in bureau) one group; a trema
    /// (ë ï ü ö ä) starts a new one (ide-eën, ge-ïn-for-meerd); an accent for stress or from French (één,
    /// café) is the plain vowel. At least one per word.
    /// </summary>
    public static int Syllables(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var letters = string.Concat(word.ToLowerInvariant().Select(c => Unaccented.GetValueOrDefault(c, c)));
        var count = 0;
        for (var i = 0; i < letters.Length;)
        {
            if (Trema.Contains(letters[i], StringComparison.Ordinal) || Vowels.Contains(letters[i], StringComparison.Ordinal))
            {
                var group = Trema.Contains(letters[i], StringComparison.Ordinal) ? 1 : Groups.FirstOrDefault(g => letters.AsSpan(i).StartsWith(g))?.Length ?? 1;
                count++;
                i += group;
            }
            else
            {
                i++;
            }
        }

        return Math.Max(1, count);
    }

    /// <summary>
    /// Whether the text holds something that is code, not language: a GUID, a hexadecimal string of at least
    /// 12 characters (a hash or a content version), an ALL_CAPS_WITH_UNDERSCORES id, or a <c>urn:</c> or
    /// <c>http(s)</c> URI.
    /// </summary>
    public static bool ContainsCode(string text) => Codes(text).Any();

    private static IEnumerable<string> Codes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CodePattern().Matches(text).Select(m => m.Value);
    }

    /// <summary>
    /// What in the text she must not see: each forbidden word (whole words; an id written in lower case with a
    /// hyphen exactly as code writes it, every other word in any case), each need-to-know word unless
    /// <paramref name="disclosed"/>, and each piece of code (<see cref="ContainsCode"/>).
    /// </summary>
    public static IEnumerable<string> Violations(string text, bool disclosed = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = disclosed ? ForbiddenWords : ForbiddenWords.Concat(NeedToKnowWords);
        return words.Where(word => Regex.IsMatch(text, WholeWord(word), IsCodeId(word) ? RegexOptions.None : RegexOptions.IgnoreCase))
            .Concat(Codes(text))
            .Distinct();
    }

    /// <summary>An id as code writes it (jgz-verpleegkundige), matched exactly: the Dutch JGZ-verpleegkundige is fine.</summary>
    private static bool IsCodeId(string word) => word.Contains('-', StringComparison.Ordinal) && !word.Any(char.IsUpper);

    /// <summary>The word, not inside another (a hyphen separates: "FHIR-bericht" has FHIR), any whitespace between its parts.</summary>
    private static string WholeWord(string word) =>
        $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(word).Replace(@"\ ", @"\s+", StringComparison.Ordinal)}(?![\p{{L}}\p{{N}}_])";

    [GeneratedRegex(@"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|(?<![\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,}(?![\w-])|(?-i:\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b)|\burn:\S+|\bhttps?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();
}

/// <summary>A text's counts and its Flesch–Douma score (see <see cref="Readability"/>).</summary>
public sealed record ReadabilityScore(int Sentences, int Words, int Syllables)
{
    public double AverageSentenceLength => (double)Words / Sentences;

    public double AverageSyllablesPerWord => (double)Syllables / Words;

    public double FleschDouma => 206.835 - 0.93 * AverageSentenceLength - 77 * AverageSyllablesPerWord;

    /// <summary>Language level B1 as we require it: Flesch–Douma at least 60, at most 15 words a sentence on average.</summary>
    public bool IsB1 => FleschDouma >= 60 && AverageSentenceLength <= 15;
}
