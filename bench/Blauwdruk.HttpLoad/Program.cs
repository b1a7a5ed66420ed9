// The HTTP load driver of issue 20: N simulated users play the standard journey through the API of a
// running host (a client of De Maas from the first check-up to the JGZ's receipt of the postnatal
// handover), and then each read alone (the worklist, the instance read, the JGZ's FHIR search); every
// answer is checked. The floor, GET /health/live with the same number of users, is measured in the same
// round. Prints per endpoint the throughput, p50/p95/p99/max and, per phase, the CPU per request of the
// host and of PostgreSQL; with --plot, a PNG of p99 against users.
//
//   dotnet run -c Release --project bench/Blauwdruk.HttpLoad -- --url http://127.0.0.1:5099 \
//       --api src/Blauwdruk.Api/bin/Release/net10.0/Blauwdruk.Api.dll --users 1,8,32,64 --seconds 15 \
//       --host-pid <pid> --connection "<the host's database>" --load-instances 1000000 --handovers 10000 \
//       --plot bench/http-p99.png
//
// The host must run in Development (demo tokens) with a change limit above the load
// (Limits__ChangesPerUserPerMinute); see bench/README.md.
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

var options = Options.Parse(args);
var tokens = Users.All.ToDictionary(user => user, user => Token(options.Api, user));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};
var cpu = new CpuMeter(options.HostPid);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Blauwdruk HTTP load — {options.Url}, {Environment.ProcessorCount} cores here, {options.Seconds} s per phase, {DateTimeOffset.Now:yyyy-MM-dd HH:mm}"));
if (options.LoadInstances > 0)
{
    await Loader.InstancesAsync(options.Connection ?? throw new ArgumentException("--load-instances needs --connection"), options.LoadInstances);
}

if (options.Handovers > 0)
{
    // One journey sends a document that the loader can copy.
    await new SimulatedUser(http, tokens, new Results(), -1).JourneyAsync();
    await Loader.HandoversAsync(options.Connection ?? throw new ArgumentException("--handovers needs --connection"), options.Handovers, "ura:90000103");
}

var sweep = new List<(int Users, Dictionary<string, PhaseResult> Phases)>();
var maxRss = 0.0;
foreach (var users in options.Users)
{
    // Warm-up of every phase (not counted): the JIT's tiers, connection pools, the host's caches.
    foreach (var phase in options.Phases)
    {
        await RunAsync(users, Math.Min(3, options.Seconds), phase);
    }

    var phases = new Dictionary<string, PhaseResult>();
    foreach (var phase in options.Phases)
    {
        phases[phase.ToString()] = await RunAsync(users, options.Seconds, phase);
        maxRss = Math.Max(maxRss, cpu.HostRssMb());
    }

    Report(users, options.Seconds, phases, cpu.HostRssMb());
    sweep.Add((users, phases));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host RSS at most {maxRss:F0} MB (after each phase)"));
if (options.Plot is { } plot)
{
    Plot.P99(plot, sweep.Select(s => (s.Users, (IReadOnlyDictionary<string, PhaseResult>)s.Phases)).ToList());
    Console.WriteLine($"plot: {plot}");
}

async Task<PhaseResult> RunAsync(int users, int seconds, Phase phase)
{
    var before = cpu.Now();
    var watch = Stopwatch.StartNew();
    var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
    var workers = Enumerable.Range(0, users).Select(async n =>
    {
        var results = new Results();
        var user = new SimulatedUser(http, tokens, results, n);
        var journeys = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            await (phase switch
            {
                Phase.Floor => user.FloorAsync(),
                Phase.Commands => user.CommandsAsync(),
                Phase.Worklist => user.WorklistAsync(),
                Phase.InstanceRead => user.InstanceReadAsync(),
                Phase.Search => user.SearchAsync(),
                _ => user.JourneyAsync(),
            });
            journeys++;
        }

        return (results, journeys);
    }).ToList();
    var all = await Task.WhenAll(workers);
    var elapsed = watch.Elapsed.TotalSeconds;
    var after = cpu.Now();
    var merged = all.Select(a => a.results).Aggregate(new Results(), (sum, one) => sum.Merge(one));
    return new PhaseResult(merged, all.Sum(a => a.journeys), elapsed, after.HostMs - before.HostMs, after.PostgresMs - before.PostgresMs);
}

static void Report(int users, int seconds, Dictionary<string, PhaseResult> phases, double rss)
{
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{users} users (host RSS {rss:F0} MB)"));
    Console.WriteLine("| phase | endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var (name, phase) in phases)
    {
        foreach (var (endpoint, histogram) in phase.Results.Latencies.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {endpoint} | {histogram.TotalCount} | {phase.Results.Errors.GetValueOrDefault(endpoint)} | {histogram.TotalCount / phase.Seconds:0} | {Ms(histogram, 50):0.0} | {Ms(histogram, 95):0.0} | {Ms(histogram, 99):0.0} | {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} |"));
        }
    }

    Console.WriteLine();
    Console.WriteLine("| phase | requests/s | journeys/s (commands: rounds/s) | host CPU ms per request | PostgreSQL CPU ms per request |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, phase) in phases)
    {
        var requests = phase.Results.Latencies.Values.Sum(h => h.TotalCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {requests / phase.Seconds:0} | {(name is nameof(Phase.Journey) or nameof(Phase.Commands) ? (phase.Iterations / phase.Seconds).ToString("0.0", CultureInfo.InvariantCulture) : "–")} | {phase.HostCpuMs / Math.Max(1, requests):0.000} | {phase.PostgresCpuMs / Math.Max(1, requests):0.000} |"));
    }

    foreach (var (name, phase) in phases)
    {
        foreach (var (endpoint, message) in phase.Results.FirstErrors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  first error in {name} at {endpoint}: {message}");
        }
    }
}

static double Ms(LongHistogram histogram, double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

// A demo token from the host's own CLI (Development only), as the README's "Try it" gets one.
static string Token(string api, string user)
{
    var start = new ProcessStartInfo("dotnet", [api, "token", user]) { RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var token = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    return process.ExitCode == 0 && token is { Length: > 20 } ? token : throw new InvalidOperationException($"No token for {user}: {output}");
}

internal enum Phase
{
    Floor,
    Journey,
    Commands,
    Worklist,
    InstanceRead,
    Search,
}

/// <summary>One phase of a round: its latencies, how many iterations (journeys) the users finished, how long it took, and the CPU the host and PostgreSQL used meanwhile.</summary>
internal sealed record PhaseResult(Results Results, int Iterations, double Seconds, double HostCpuMs, double PostgresCpuMs);

internal sealed record Options(
    string Url, string Api, IReadOnlyList<int> Users, int Seconds, IReadOnlyList<Phase> Phases, int? HostPid, string? Connection, int LoadInstances, int Handovers, string? Plot)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new Options(
            Value("--url") ?? "http://127.0.0.1:5099",
            Value("--api") ?? "src/Blauwdruk.Api/bin/Release/net10.0/Blauwdruk.Api.dll",
            (Value("--users") ?? "8").Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToList(),
            Number("--seconds", 15),
            (Value("--phases") ?? "Floor,Journey,Commands,Worklist,InstanceRead,Search").Split(',').Select(Enum.Parse<Phase>).ToList(),
            Value("--host-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            Value("--connection"),
            Number("--load-instances", 0),
            Number("--handovers", 0),
            Value("--plot"));
    }
}

/// <summary>Latencies per endpoint (in Stopwatch ticks), errors and the first error's message per endpoint.</summary>
internal sealed class Results
{
    public Dictionary<string, LongHistogram> Latencies { get; } = [];
    public Dictionary<string, long> Errors { get; } = [];
    public Dictionary<string, string> FirstErrors { get; } = [];

    public void Record(string endpoint, long ticks)
    {
        if (!Latencies.TryGetValue(endpoint, out var histogram))
        {
            Latencies[endpoint] = histogram = new LongHistogram(Stopwatch.Frequency * 60, 3);
        }

        histogram.RecordValue(Math.Min(ticks, Stopwatch.Frequency * 60));
    }

    public void Error(string endpoint, string message)
    {
        Errors[endpoint] = Errors.GetValueOrDefault(endpoint) + 1;
        FirstErrors.TryAdd(endpoint, message);
    }

    public Results Merge(Results other)
    {
        foreach (var (endpoint, histogram) in other.Latencies)
        {
            if (Latencies.TryGetValue(endpoint, out var mine))
            {
                mine.Add(histogram);
            }
            else
            {
                Latencies[endpoint] = histogram.Copy() as LongHistogram ?? throw new InvalidOperationException();
            }
        }

        foreach (var (endpoint, count) in other.Errors)
        {
            Errors[endpoint] = Errors.GetValueOrDefault(endpoint) + count;
        }

        foreach (var (endpoint, message) in other.FirstErrors)
        {
            FirstErrors.TryAdd(endpoint, message);
        }

        return this;
    }
}

