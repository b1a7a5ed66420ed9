using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts;
using UglyToad.PdfPig.Fonts.AdobeFontMetrics;
using UglyToad.PdfPig.Fonts.Encodings;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Graphics.Operations.TextObjects;
using UglyToad.PdfPig.Graphics.Operations.TextPositioning;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Graphics.Operations.TextState;
using UglyToad.PdfPig.Writer;

namespace Blauwdruk.Engine.Handover;

/// <summary>What heads the client's copy: the handover's title, to whom and when it was sent, and its version.</summary>
public sealed record HandoverCopyHeading(string Title, string Recipient, DateTimeOffset SentAt, int Version);

/// <summary>
/// The client's copy of what was sent to the JGZ, as an A4 PDF: a heading, then every document (one per
/// child after the birth) with each section's title in bold and its narrative — the text the JGZ received —
/// as plain lines (paragraphs, list items as "• …", table rows as "cell: cell"), wrapped to the page and
/// continued over as many pages as needed, each numbered "Pagina i van n".
/// <para>
/// The fonts are Helvetica and Helvetica-Bold (standard 14: nothing embedded) in WinAnsiEncoding, which has
/// what Dutch needs (ë, é, ï, ü, €, –, •); a character outside it becomes a close one (ĳ → ij, − → -, an
/// accented letter without its accent), else "?". PdfPig 0.1.16 declares its standard-14 fonts in
/// StandardEncoding, which has no accented letters, and its <c>AddText</c> refuses ï, ü and €: so the text
/// is shown with our own WinAnsi bytes and the font dictionaries are declared WinAnsiEncoding once the file
/// is built (<see cref="WithWinAnsiFonts"/>).
/// </para>
/// </summary>
public static class HandoverCopy
{
    // A4 in points (PdfPig's PageSize.A4); margins of about 2 cm.
    private const double PageWidth = 595, PageHeight = 842, Margin = 56, Bottom = 64, TextWidth = PageWidth - 2 * Margin, BodySize = 10.5;
    private const string Bullet = "• ";
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly AdobeFontMetrics Regular = Standard14.GetAdobeFontMetrics(Standard14Font.Helvetica);
    private static readonly AdobeFontMetrics Bold = Standard14.GetAdobeFontMetrics(Standard14Font.HelveticaBold);
    private static readonly HashSet<string> BlockElements = ["div", "p", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "blockquote", "pre", "dl", "dt", "dd"];
    private static readonly Dictionary<char, string> Replacements = new()
    {
        ['ĳ'] = "ij", ['Ĳ'] = "IJ", ['−'] = "-", ['‐'] = "-", ['‑'] = "-", ['→'] = "->", ['←'] = "<-", ['≥'] = ">=", ['≤'] = "<=", ['\u00AD'] = "", ['\u200B'] = "",
    };

    /// <summary>The copy as PDF bytes: the heading, then the documents in the order given.</summary>
    public static byte[] Pdf(HandoverCopyHeading heading, IReadOnlyList<Bundle> documents)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(documents);
        var layout = new Layout();
        layout.Paragraph($"Uw kopie: {heading.Title}", bold: true, size: 16, after: 6);
        var sent = TimeZoneInfo.ConvertTime(heading.SentAt, Amsterdam).ToString("d MMMM yyyy 'om' HH:mm", Dutch);
        layout.Paragraph($"Verstuurd aan {heading.Recipient} op {sent}");
        layout.Paragraph($"Versie {heading.Version.ToString(CultureInfo.InvariantCulture)}", after: 8);
        foreach (var composition in documents.Select(d => (Composition)d.Entry[0].Resource!))
        {
            layout.Paragraph(composition.Title, bold: true, size: 13, before: 10, keepWithNext: true);
            foreach (var section in composition.Section.SelectMany(Flatten))
            {
                layout.Paragraph(section.Title, bold: true, before: 8, keepWithNext: true);
                foreach (var block in Narrative(section.Text?.Div))
                {
                    layout.Paragraph(block);
                }
            }
        }

        return Render(layout.Pages, heading);
    }

    private static IEnumerable<Composition.SectionComponent> Flatten(Composition.SectionComponent section) =>
        section.Section.SelectMany(Flatten).Prepend(section);

    /// <summary>A narrative's text blocks, in order: paragraphs, list items ("• …") and table rows ("cell: cell").</summary>
    private static IEnumerable<string> Narrative(string? div) =>
        string.IsNullOrWhiteSpace(div) ? [] : Blocks(XElement.Parse(div)).Where(block => block.Length > 0);

    /// <summary>An element with block children yields each of them, and its loose text in between as paragraphs.</summary>
    private static IEnumerable<string> Blocks(XElement element)
    {
        if (element.Name.LocalName == "tr")
        {
            yield return string.Join(": ", element.Elements().Select(cell => Inline(cell.Nodes())).Where(cell => cell.Length > 0));
            yield break;
        }

        var prefix = element.Name.LocalName == "li" ? Bullet : "";
        var run = new List<XNode>();
        foreach (var node in element.Nodes())
        {
            if (node is not XElement child || !BlockElements.Contains(child.Name.LocalName))
            {
                run.Add(node);
                continue;
            }

            if (Inline(run) is { Length: > 0 } text)
            {
                yield return prefix + text;
                prefix = "";
            }

            run.Clear();
            foreach (var block in Blocks(child))
            {
                yield return block;
            }
        }

        if (Inline(run) is { Length: > 0 } rest)
        {
            yield return prefix + rest;
        }
    }

    /// <summary>The text of inline content (b, i, span…), whitespace collapsed; a &lt;br/&gt; breaks the line.</summary>
    private static string Inline(IEnumerable<XNode> nodes)
    {
        var text = string.Concat(nodes.SelectMany(n => n is XElement e ? e.DescendantNodesAndSelf() : [n]).Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "br" } => "\n",
            _ => "",
        }));
        return string.Join('\n', text.Split('\n').Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))).Trim('\n');
    }

    private sealed record Line(string Text, bool Bold, double Size, double X, double Y);

    /// <summary>Lines placed top-down on A4 pages; a title stays with the line after it.</summary>
    private sealed class Layout
    {
        private double _y = PageHeight - Margin;

        public List<List<Line>> Pages { get; } = [[]];

        public void Paragraph(string? text, bool bold = false, double size = BodySize, double before = 0, double after = 0, bool keepWithNext = false)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var font = bold ? Bold : Regular;
            var leading = size * 1.35;
            // A list item's following lines start under its text, not under the bullet.
            var indent = text.StartsWith(Bullet, StringComparison.Ordinal) ? Width(Bullet, font, size) : 0;
            var lines = Wrap(Encodable(text), font, size, indent);
            if (Pages[^1].Count > 0)
            {
                _y -= before;
                if (keepWithNext && _y - leading * (lines.Count + 1) < Bottom)
                {
                    NewPage();
                }
            }

            for (var i = 0; i < lines.Count; i++)
            {
                if (_y - leading < Bottom)
                {
                    NewPage();
                }

                _y -= leading;
                Pages[^1].Add(new Line(lines[i], bold, size, Margin + (i > 0 ? indent : 0), _y));
            }

            _y -= after;
        }

        private void NewPage()
        {
            Pages.Add([]);
            _y = PageHeight - Margin;
        }
    }

    /// <summary>Lines that fit the text width; a word longer than a line (a long address or code) is cut where the line ends.</summary>
    private static List<string> Wrap(string text, AdobeFontMetrics font, double size, double indent)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var room = TextWidth - (lines.Count > 0 ? indent : 0);
                var longer = line.Length == 0 ? word : $"{line} {word}";
                if (Width(longer, font, size) <= room)
                {
                    line = longer;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                    room = TextWidth - indent;
                }

                line = word;
                while (Width(line, font, size) > room)
                {
                    var fits = Math.Max(1, Enumerable.Range(1, line.Length).TakeWhile(n => Width(line[..n], font, size) <= room).LastOrDefault());
                    lines.Add(line[..fits]);
                    line = line[fits..];
                    room = TextWidth - indent;
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static double Width(string text, AdobeFontMetrics font, double size) =>
        text.Sum(c => font.CharacterMetrics.TryGetValue(GlyphList.AdobeGlyphList.UnicodeCodePointToName(c) ?? "", out var metric) ? metric.Width.X : 0) * size / 1000;

    /// <summary>The character's code in WinAnsiEncoding, or -1 when it has none (or the font no glyph).</summary>
    private static int Code(char c) =>
        c >= ' ' && GlyphList.AdobeGlyphList.UnicodeCodePointToName(c) is { } name && Regular.CharacterMetrics.ContainsKey(name) ? WinAnsiEncoding.Instance.GetCode(name) : -1;

    /// <summary>The text with each character WinAnsiEncoding lacks replaced by a close one, else by "?".</summary>
    private static string Encodable(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '\n' => "\n",
                _ when Replacements.TryGetValue(c, out var replacement) => replacement,
                _ when Code(c) >= 0 => c.ToString(),
                _ when char.IsWhiteSpace(c) => " ",
                // An accented letter outside the encoding (ş, ő, ć) keeps its letter.
                _ when c.ToString().Normalize(NormalizationForm.FormD) is { Length: > 1 } decomposed && Code(decomposed[0]) >= 0 => decomposed[..1],
                _ => "?",
            });
        }

        return result.ToString();
    }

    private static byte[] Render(List<List<Line>> pages, HandoverCopyHeading heading)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = Encodable($"Uw kopie: {heading.Title}");
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        for (var number = 1; number <= pages.Count; number++)
        {
            var page = builder.AddPage(PageSize.A4);
            // Empty text puts both fonts in the page's resources; we take the names PdfPig gave them there
            // and drop its (empty) text operations.
            page.AddText("", BodySize, new PdfPoint(0, 0), regular);
            page.AddText("", BodySize, new PdfPoint(0, 0), bold);
            var operations = page.CurrentStream.Operations;
            var fonts = operations.OfType<SetFontAndSize>().Select(f => f.Font).ToList();
            operations.Clear();
            // The page number first, so that a text read back in order has it before the page's content.
            var footer = $"Pagina {number.ToString(CultureInfo.InvariantCulture)} van {pages.Count.ToString(CultureInfo.InvariantCulture)}";
            foreach (var line in pages[number - 1].Prepend(new Line(footer, false, 9, PageWidth - Margin - Width(footer, Regular, 9), 36)))
            {
                operations.Add(BeginText.Value);
                operations.Add(new SetFontAndSize(fonts[line.Bold ? 1 : 0], line.Size));
                operations.Add(new MoveToNextLineWithOffset(line.X, line.Y));
                operations.Add(new ShowText(line.Text.Select(c => (byte)Code(c)).ToArray()));
                operations.Add(EndText.Value);
            }
        }

        return WithWinAnsiFonts(builder.Build());
    }

    /// <summary>
    /// Declares both font dictionaries WinAnsiEncoding. PdfPig writes them uncompressed with
    /// <c>/Encoding /StandardEncoding</c>; the replacement has as many bytes, so every offset in the
    /// cross-reference table stays right. A PdfPig that writes them otherwise fails here, not in her viewer.
    /// </summary>
    private static byte[] WithWinAnsiFonts(byte[] pdf)
    {
        ReadOnlySpan<byte> standard = "/Encoding /StandardEncoding"u8;
        ReadOnlySpan<byte> winAnsi = "/Encoding /WinAnsiEncoding "u8;
        var replaced = 0;
        for (int start = 0, at; (at = pdf.AsSpan(start).IndexOf(standard)) >= 0; start += at + standard.Length, replaced++)
        {
            winAnsi.CopyTo(pdf.AsSpan(start + at));
        }

        return replaced == 2 ? pdf : throw new InvalidOperationException($"PdfPig wrote {replaced} standard-14 fonts in StandardEncoding, not 2: check HandoverCopy after updating PdfPig.");
    }
}
