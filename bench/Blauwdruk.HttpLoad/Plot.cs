using System.Diagnostics;
using ScottPlot;

/// <summary>The sweep's p99 against users, per endpoint of the goals, on a logarithmic axis, as a PNG.</summary>
internal static class Plot
{
    private static readonly (Phase Phase, string Endpoint, string Label)[] Series =
    [
        (Phase.Floor, "GET /health/live (floor)", "floor: GET /health/live"),
        (Phase.Journey, "POST /api/instances", "start"),
        (Phase.Journey, "POST /api/tasks/{id}/complete", "complete"),
        (Phase.Journey, "POST /api/tasks/{id}/status", "status"),
        (Phase.Journey, "POST /api/instances/{id}/signals", "signal"),
        (Phase.Journey, "GET /api/instances/{id}", "instance read (in the journey)"),
        (Phase.Journey, "GET /api/tasks", "worklist (in the journey)"),
        (Phase.Journey, "GET /fhir/Bundle?type=document", "FHIR search (in the journey)"),
        (Phase.InstanceRead, "GET /api/instances/{id}", "instance read alone"),
        (Phase.Worklist, "GET /api/tasks", "worklist alone"),
        (Phase.Search, "GET /fhir/Bundle?type=document", "FHIR search alone"),
    ];

    public static void P99(string path, IReadOnlyList<(int Users, IReadOnlyDictionary<string, PhaseResult> Phases)> sweep)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (phase, endpoint, label) in Series)
        {
            var points = sweep
                .Where(s => s.Phases.TryGetValue(phase.ToString(), out var p) && p.Results.Latencies.ContainsKey(endpoint))
                .Select(s => (X: (double)s.Users, Y: Math.Log10(s.Phases[phase.ToString()].Results.Latencies[endpoint].GetValueAtPercentile(99) * 1000.0 / Stopwatch.Frequency)))
                .ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = label;
            line.LineWidth = 2;
            if (phase is Phase.Worklist or Phase.InstanceRead or Phase.Search)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        // The axis holds log10(ms); its ticks read as milliseconds.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => $"{Math.Pow(10, y):0.#}",
        };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            sweep.Select(s => (double)s.Users).ToArray(), sweep.Select(s => s.Users.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title("p99 against concurrent users (closed loop, 2 cores for host, PostgreSQL and driver)");
        plot.XLabel("users");
        plot.YLabel("p99 (ms, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 600);
    }
}
