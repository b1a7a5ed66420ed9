using System.Diagnostics.Metrics;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The engine's metrics (meter <c>Blauwdruk.Engine</c>): counts by command type and outcome, never client data.</summary>
public static class EngineMetrics
{
    public const string MeterName = "Blauwdruk.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Commands run, tagged <c>command</c> (its type) and <c>outcome</c> (<c>done</c>, or the refusal's kind).</summary>
    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>("blauwdruk.commands", description: "Commands run by the engine, by type and outcome.");
}
