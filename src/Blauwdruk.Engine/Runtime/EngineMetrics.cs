using System.Diagnostics.Metrics;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The engine's metrics (meter <c>Blauwdruk.Engine</c>): counts by command type and outcome, never client data.</summary>
public static class EngineMetrics
{
    public const string MeterName = "Blauwdruk.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Commands run, tagged <c>command</c> (its type) and <c>outcome</c> (<c>done</c>, or the refusal's kind).</summary>
    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>("blauwdruk.commands", description: "Commands run by the engine, by type and outcome.");

    /// <summary>
    /// Commands that looked for a kept snapshot (<see cref="SnapshotCache"/>), tagged <c>outcome</c>: <c>hit</c> (stored on
    /// it), <c>retried</c> (run again on the stored instance: another host had moved it on, or the command was refused) or
    /// <c>miss</c> (none kept). Many <c>retried</c> ones mean a user's requests are spread over hosts.
    /// </summary>
    internal static readonly Counter<long> SnapshotCache = Meter.CreateCounter<long>("blauwdruk.snapshot_cache", description: "Commands by whether this host's kept snapshot of the instance was used.");

    /// <summary>Notification deliveries tried, tagged <c>channel</c> and <c>outcome</c> (<c>delivered</c>, <c>failed</c>, <c>dead-lettered</c>).</summary>
    internal static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("blauwdruk.notifications.deliveries", description: "Notification deliveries tried, by channel and outcome.");

    /// <summary>Counts a delivery attempt by its channel and outcome.</summary>
    internal static void Delivered(string channel, string outcome) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a command by its type and outcome.</summary>
    internal static void Counted(InstanceCommand command, RunResult result) =>
        Commands.Add(1, new KeyValuePair<string, object?>("command", command.GetType().Name),
            new KeyValuePair<string, object?>("outcome", result.Rejection?.Kind.ToString().ToLowerInvariant() ?? "done"));

    /// <summary>Counts whether a kept snapshot was used: <c>hit</c>, <c>retried</c> or <c>miss</c>.</summary>
    internal static void SnapshotUsed(string outcome) => SnapshotCache.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
