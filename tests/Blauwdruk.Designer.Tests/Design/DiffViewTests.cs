using Blauwdruk.Designer.Components.Design;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Bunit;

namespace Blauwdruk.Designer.Tests.Design;

/// <summary>The diff against the standard, side by side (bUnit): the same content as the CLI's diff.</summary>
public sealed class DiffViewTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Shows_each_change_with_the_standards_value_beside_the_regions()
    {
        var diff = new PathwayDiff(new TemplateReference("blauwdruk", "1.0.0"), "regio", "1.3.0", "hash", [], [],
        [
            new DiffEntry("DISCUSS", "Uitkomst bespreken", DiffKind.Changed, "deadline", "binnen 2 weken", "binnen 7 dagen"),
            new DiffEntry("BIRTHPLAN", "Geboorteplan", DiffKind.Removed),
            new DiffEntry("CAREPLAN_POP", "Zorgplan afstemmen met de POP-poli", DiffKind.Added, New: "Zorgcoördinator · binnen 7 dagen"),
        ]);

        var view = _context.Render<DiffView>(p => p.Add(v => v.Diff, diff));

        var rows = view.FindAll("table.diff tbody tr");
        Assert.Equal(["DISCUSS", "BIRTHPLAN", "CAREPLAN_POP"], rows.Select(r => r.GetAttribute("data-step")));
        Assert.Equal(["Uitkomst bespreken", "termijn", "binnen 2 weken", "binnen 7 dagen"], rows[0].Children.Select(c => c.TextContent));
        Assert.Equal("uitgezet", rows[1].Children[1].TextContent);
        Assert.Equal(("toegevoegd", "", "Zorgcoördinator · binnen 7 dagen"), (rows[2].Children[1].TextContent, rows[2].Children[2].TextContent, rows[2].Children[3].TextContent));
    }

    [Fact]
    public void Says_so_when_the_region_changes_nothing()
    {
        var view = _context.Render<DiffView>(p => p.Add(v => v.Diff, new PathwayDiff(new TemplateReference("blauwdruk", "1.0.0"), "regio", "1.0.0", "hash", [], [], [])));

        Assert.Equal("Geen verschillen met de standaard in de stappen.", view.Find("p.empty").TextContent);
        Assert.Empty(view.FindAll("table"));
    }
}
