using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>Which pathways a new client can start on: the regions' operational pathways, newest version, never a retired one.</summary>
public class PathwayCatalogTests
{
    private static PathwayDefinition Region(string id) => TestPathways.MergeOverlay(TestPathways.Region(id)).Definition!;

    [Fact]
    public void New_clients_start_on_the_newest_operational_pathway_of_each_region_and_never_on_the_template()
    {
        var rijnmond = Region("rijnmond-zuid");
        var newer = rijnmond with { Version = "1.5.0" };
        var catalog = new PathwayCatalog([TestPathways.Standard, rijnmond, newer, Region("drechtsteden")]);

        Assert.Equal([("drechtsteden", "1.3.0"), ("rijnmond-zuid", "1.5.0")], catalog.Startable.Select(d => (d.Id, d.Version)));
        Assert.Same(newer, Assert.Single(catalog.ForMunicipality("GM0599")));
    }

    [Fact]
    public void A_retired_region_takes_no_new_clients_even_though_an_older_version_was_active()
    {
        var drechtsteden = Region("drechtsteden");
        var catalog = new PathwayCatalog([TestPathways.Standard, Region("rijnmond-zuid"), drechtsteden, drechtsteden with { Version = "2.0.0", Status = PathwayStatus.Retired }]);

        Assert.Equal(["rijnmond-zuid"], catalog.Startable.Select(d => d.Id));
        Assert.Empty(catalog.ForMunicipality("GM0505"));
    }
}
