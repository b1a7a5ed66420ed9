// The HTTP load driver: N simulated users play the start of the standard journey through the API of a
// running host (start a pathway, complete the intake, read the instance, read the worklist; a JGZ nurse
// searches her handovers) and every answer is checked. The floor, GET /health/live with the same
// number of users, is measured in the same run. Prints per endpoint the throughput and p50/p95/p99/max.
//
//   dotnet run -c Release --project bench/Blauwdruk.HttpLoad -- --url http://127.0.0.1:5099 \
//       --api src/Blauwdruk.Api/bin/Release/net10.0/Blauwdruk.Api.dll --users 1,8,32 --seconds 15
//
// The host must run in Development (demo tokens) with a change limit above the load
// (Limits__ChangesPerUserPerMinute); see bench/README.md.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;

var options = Options.Parse(args);
var tokens = new Dictionary<string, string>();
foreach (var user in new[] { Users.Midwife, Users.Jgz })
{
    tokens[user] = Token(options.Api, user);
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Blauwdruk HTTP load — {options.Url}, {Environment.ProcessorCount} cores here, {options.Seconds} s per phase, {DateTimeOffset.Now:yyyy-MM-dd HH:mm}"));
foreach (var users in options.Users)
{
    // Warm-up (not counted): JIT, connection pools, the host's caches.
    await RunAsync(http, tokens, users, TimeSpan.FromSeconds(Math.Min(5, options.Seconds)), Phase.Journey);
    var floor = await RunAsync(http, tokens, users, TimeSpan.FromSeconds(options.Seconds), Phase.Floor);
    var journey = await RunAsync(http, tokens, users, TimeSpan.FromSeconds(options.Seconds), Phase.Journey);
    Report(users, options.Seconds, floor.Merge(journey));
}

static async Task<Results> RunAsync(HttpClient http, Dictionary<string, string> tokens, int users, TimeSpan duration, Phase phase)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, users).Select(async n =>
    {
        var results = new Results();
        var user = new SimulatedUser(http, tokens, results, n);
        while (Stopwatch.GetTimestamp() < until)
        {
            await (phase == Phase.Floor ? user.FloorAsync() : user.JourneyAsync());
        }

        return results;
    }).ToList();
    var all = await Task.WhenAll(workers);
    return all.Aggregate(new Results(), (sum, one) => sum.Merge(one));
}

static void Report(int users, int seconds, Results results)
{
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{users} users"));
    Console.WriteLine("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    foreach (var (endpoint, histogram) in results.Latencies.OrderBy(e => e.Key, StringComparer.Ordinal))
    {
        double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {endpoint} | {histogram.TotalCount} | {results.Errors.GetValueOrDefault(endpoint)} | {histogram.TotalCount / (double)seconds:0} | {Ms(50):0.0} | {Ms(95):0.0} | {Ms(99):0.0} | {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.0} |"));
    }

    foreach (var (endpoint, message) in results.FirstErrors.OrderBy(e => e.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  first error at {endpoint}: {message}");
    }
}

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
}

internal static class Users
{
    public const string Midwife = "verloskundige-maas";
    public const string Jgz = "jgz-rijnmond";
}

internal sealed record Options(string Url, string Api, IReadOnlyList<int> Users, int Seconds)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

        return new Options(
            Value("--url", "http://127.0.0.1:5099"),
            Value("--api", "src/Blauwdruk.Api/bin/Release/net10.0/Blauwdruk.Api.dll"),
            Value("--users", "8").Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToList(),
            int.Parse(Value("--seconds", "15"), CultureInfo.InvariantCulture));
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

/// <summary>One user of the load: a midwife who starts a client's pathway, and the JGZ nurse who searches hers.</summary>
internal sealed class SimulatedUser(HttpClient http, Dictionary<string, string> tokens, Results results, int number)
{
    private int _started;

    public async Task FloorAsync() => await SendAsync("GET /health/live (floor)", HttpMethod.Get, "/health/live", null, null, HttpStatusCode.OK, json: false);

    public async Task JourneyAsync()
    {
        var reference = $"LOAD-{number}-{Environment.ProcessId}-{++_started}-{Guid.NewGuid():N}"[..40];
        var started = await SendAsync("POST /api/instances", HttpMethod.Post, "/api/instances", Users.Midwife,
            new { clientReference = reference, municipality = "GM0599", expectedDeliveryDate = DateOnly.FromDateTime(DateTime.Today.AddDays(150)) },
            HttpStatusCode.Created);
        if (started is null)
        {
            return;
        }

        if (OpenTask(started.Value, "INTAKE") is not { } intake)
        {
            results.Error("POST /api/instances", "no open INTAKE in the answer");
            return;
        }

        var id = started.Value.GetProperty("id").GetString();
        await SendAsync("POST /api/tasks/{id}/complete", HttpMethod.Post, $"/api/tasks/{intake}/complete", Users.Midwife, new { }, HttpStatusCode.OK);
        var read = await SendAsync("GET /api/instances/{id}", HttpMethod.Get, $"/api/instances/{id}", Users.Midwife, null, HttpStatusCode.OK);
        if (read is { } instance && OpenTask(instance, "ID_BSN") is null)
        {
            results.Error("GET /api/instances/{id}", "the intake's next step ID_BSN is not open");
        }

        var worklist = await SendAsync("GET /api/tasks", HttpMethod.Get, "/api/tasks", Users.Midwife, null, HttpStatusCode.OK);
        if (worklist is { ValueKind: not JsonValueKind.Array })
        {
            results.Error("GET /api/tasks", "the worklist is not a list");
        }

        var bundle = await SendAsync("GET /fhir/Bundle?type=document", HttpMethod.Get, "/fhir/Bundle?type=document", Users.Jgz, null, HttpStatusCode.OK);
        if (bundle is { } found && found.GetProperty("resourceType").GetString() != "Bundle")
        {
            results.Error("GET /fhir/Bundle?type=document", "the answer is not a Bundle");
        }
    }

    /// <summary>The id of the instance's open task at a step, or null.</summary>
    private static string? OpenTask(JsonElement instance, string stepId)
    {
        if (!instance.TryGetProperty("openTasks", out var tasks))
        {
            return null;
        }

        foreach (var task in tasks.EnumerateArray())
        {
            if (task.GetProperty("stepId").GetString() == stepId)
            {
                return task.GetProperty("id").GetString();
            }
        }

        return null;
    }

    /// <summary>Sends, times and checks one request; the parsed body when the status is the expected one.</summary>
    private async Task<JsonElement?> SendAsync(string endpoint, HttpMethod method, string path, string? user, object? body, HttpStatusCode expected, bool json = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            results.Record(endpoint, Stopwatch.GetTimestamp() - start);
            if (response.StatusCode != expected)
            {
                results.Error(endpoint, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
                return null;
            }

            return json ? JsonDocument.Parse(text).RootElement : default(JsonElement);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            results.Record(endpoint, Stopwatch.GetTimestamp() - start);
            results.Error(endpoint, $"{e.GetType().Name}: {e.Message}");
            return null;
        }
    }
}
