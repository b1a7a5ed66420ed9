namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>The first steps of the standard Blauwdruk and of a region's operational pathway, as a midwife meets them.</summary>
public class StandardPathwayTests : PathwayTest
{
    [Fact]
    public void The_intake_opens_for_the_midwife_and_the_identity_check_is_due_a_week_after_it()
    {
        GivenStandardPathway();
        Start();
        ThenTaskIsOpen("INTAKE", role: "verloskundige", organisation: Practice);

        Clock.Advance(Days(6));
        Complete("INTAKE");

        Assert.Equal(Clock.GetUtcNow().AddDays(7), ThenTaskIsOpen("ID_BSN", role: "verloskundige").DueAt);
    }

    [Fact]
    public void A_safety_concern_starts_the_meldcode_beside_the_pathway_for_the_raisers_organisation()
    {
        GivenStandardPathway();
        Start();

        Raise("safety-concern");

        Assert.Equal(["INTAKE", "VT_SIGNALS"], OpenSteps());
        ThenTaskIsOpen("VT_SIGNALS", role: "melder", organisation: Practice);
    }

    [Fact]
    public void Rotterdam_zuid_runs_its_operational_pathway_from_the_same_intake()
    {
        GivenOperationalPathway("rijnmond-zuid");

        Start();

        Assert.Equal("rijnmond-zuid", State!.PathwayId);
        ThenTaskIsOpen("INTAKE", role: "verloskundige", organisation: Practice);
    }
}
