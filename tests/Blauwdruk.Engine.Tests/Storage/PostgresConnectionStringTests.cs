using Npgsql;

namespace Blauwdruk.Engine.Tests.Storage;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void The_engine_prepares_its_statements_and_skips_the_pool_reset_unless_told_otherwise()
    {
        var built = new NpgsqlConnectionStringBuilder(EngineServiceCollectionExtensions.PostgresConnectionString("Host=db;Database=blauwdruk"));

        Assert.Equal(20, built.MaxAutoPrepare);
        Assert.True(built.NoResetOnClose);
        Assert.Equal("db", built.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    [InlineData("Host=db;Max Auto Prepare=50", 50)]
    public void An_operator_behind_a_pooler_can_turn_preparing_off(string configured, int expected)
    {
        var built = new NpgsqlConnectionStringBuilder(EngineServiceCollectionExtensions.PostgresConnectionString(configured));

        Assert.Equal(expected, built.MaxAutoPrepare);
    }
}
