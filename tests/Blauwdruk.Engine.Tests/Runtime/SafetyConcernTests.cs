using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

public sealed class SafetyConcernTests : PathwayTest
{
    [Fact]
    public void A_second_concern_while_the_Meldcode_route_is_open_adds_to_it_instead_of_starting_another()
    {
        GivenStandardPathway();
        Start();
        Raise("safety-concern");
        Raise("safety-concern");

        Assert.Single(State!.OpenTasks, t => t.StepId == "VT_SIGNALS");
        Assert.Equal(2, Journal.OfType<SignalRaised>().Count(s => s.SignalId == "safety-concern"));
    }
}
