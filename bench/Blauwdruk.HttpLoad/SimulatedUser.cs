using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>The demo users the load plays (the host's Development tokens).</summary>
internal static class Users
{
    public const string Midwife = "verloskundige-maas";
    public const string Kraamzorg = "kraamverzorgende-rijnmond";
    public const string Jgz = "jgz-rijnmond";

    public static readonly string[] All = [Midwife, Kraamzorg, Jgz];
}

/// <summary>
/// One user of the load. The journey is the standard pathway of a client of De Maas in Rotterdam, from
/// the first check-up to the JGZ's receipt of the postnatal handover: start, intake, identity, the BSN step,
/// the screening started and answered (a PPS QuestionnaireResponse without concerns), her instance and the
/// worklist read, the birth signalled and recorded, the kraamzorg's signal, the kraambed, the handover's
/// preview, her consent, the handover sent, and the JGZ nurse's search, fetch and acknowledgement. Every
/// answer is checked; a wrong status or body counts as an error of its endpoint.
/// </summary>
internal sealed class SimulatedUser(HttpClient http, IReadOnlyDictionary<string, string> tokens, Results results, int number)
{
    private static readonly JsonObject NoConcerns = Screening();
    private static long bsnSeed = Random.Shared.Next(100_000_000, 800_000_000);
    private int _started;
    private string? _lastInstance;

    public async Task FloorAsync() => await SendAsync("GET /health/live (floor)", HttpMethod.Get, "/health/live", null, null, HttpStatusCode.OK, json: false);

    /// <summary>The worklist alone: the first page of 50 of the midwife's organisation.</summary>
    public async Task WorklistAsync()
    {
        var worklist = await SendAsync("GET /api/tasks", HttpMethod.Get, "/api/tasks", Users.Midwife, null, HttpStatusCode.OK);
        if (worklist is { } list && (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() != 50))
        {
            results.Error("GET /api/tasks", $"not a page of 50 tasks ({list.ValueKind}, {(list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0)})");
        }
    }

    /// <summary>The instance read alone (the task page's read), of the last client this user started.</summary>
    public async Task InstanceReadAsync()
    {
        _lastInstance ??= (await StartAsync())?.GetProperty("id").GetString();
        var read = await SendAsync("GET /api/instances/{id}", HttpMethod.Get, $"/api/instances/{_lastInstance}", Users.Midwife, null, HttpStatusCode.OK);
        if (read is { } instance && instance.GetProperty("id").GetString() != _lastInstance)
        {
            results.Error("GET /api/instances/{id}", "another instance answered");
        }
    }

    /// <summary>The JGZ nurse's search alone: the newest 20 of the handover documents addressed to her organisation.</summary>
    public async Task SearchAsync() => await SearchHandoversAsync();

    /// <summary>
    /// The commands alone (the goal's start, complete, status and signal): a client started, her intake done,
    /// the BSN step taken up, and a birth signalled and recorded before anything else (an early birth).
    /// </summary>
    public async Task CommandsAsync()
    {
        if (await StartAsync() is not { } started
            || await CompleteAsync(started, "INTAKE", "ID_BSN") is not { } intake
            || OpenTask(intake, "ID_BSN") is not { } identity
            || await SendAsync("POST /api/tasks/{id}/status", HttpMethod.Post, $"/api/tasks/{identity}/status", Users.Midwife,
                new { status = "in-progress" }, HttpStatusCode.OK) is null
            || await SendAsync("POST /api/instances/{id}/signals", HttpMethod.Post, $"/api/instances/{started.GetProperty("id").GetString()}/signals", Users.Midwife,
                new { signal = "birth" }, HttpStatusCode.OK) is not { } born)
        {
            return;
        }

        await CompleteAsync(born, "BIRTH", "POSTPARTUM_SIGNAL", new { outcome = "levend-geboren" });
    }

    public async Task JourneyAsync()
    {
        if (await StartAsync() is not { } started)
        {
            return;
        }

        var id = started.GetProperty("id").GetString()!;
        _lastInstance = id;
        var instance = await CompleteAsync(started, "INTAKE", "ID_BSN");
        if (instance is null
            || await SendAsync("PUT /api/instances/{id}/client", HttpMethod.Put, $"/api/instances/{id}/client", Users.Midwife,
                new { bsn = FreshBsn(), familyName = "Jansen", givenName = "Fatima", birthDate = "1996-03-12" }, HttpStatusCode.OK) is null
            || await CompleteAsync(instance.Value, "ID_BSN", "SCREEN_PPS", new { outcome = "geverifieerd" }) is not { } identified
            || OpenTask(identified, "SCREEN_PPS") is not { } screening
            || await SendAsync("POST /api/tasks/{id}/status", HttpMethod.Post, $"/api/tasks/{screening}/status", Users.Midwife,
                new { status = "in-progress" }, HttpStatusCode.OK) is null
            || await CompleteAsync(identified, "SCREEN_PPS", "RESCREEN", new { outcome = "afgenomen", resources = new[] { NoConcerns } }) is null)
        {
            return;
        }

        var read = await SendAsync("GET /api/instances/{id}", HttpMethod.Get, $"/api/instances/{id}", Users.Midwife, null, HttpStatusCode.OK);
        if (read is { } current && OpenTask(current, "RESCREEN") is null)
        {
            results.Error("GET /api/instances/{id}", "the screening's next step RESCREEN is not open");
        }

        var worklist = await SendAsync("GET /api/tasks", HttpMethod.Get, "/api/tasks", Users.Midwife, null, HttpStatusCode.OK);
        if (worklist is { ValueKind: not JsonValueKind.Array })
        {
            results.Error("GET /api/tasks", "the worklist is not a list");
        }

        if (await SendAsync("POST /api/instances/{id}/signals", HttpMethod.Post, $"/api/instances/{id}/signals", Users.Midwife,
                new { signal = "birth" }, HttpStatusCode.OK) is not { } born
            || await CompleteAsync(born, "BIRTH", "POSTPARTUM_SIGNAL", new { outcome = "levend-geboren" }) is not { } afterBirth
            || await CompleteAsync(afterBirth, "POSTPARTUM_SIGNAL", null, new { outcome = "geen-zorgen" }, Users.Kraamzorg) is null
            || await SendAsync("GET /api/instances/{id}", HttpMethod.Get, $"/api/instances/{id}", Users.Midwife, null, HttpStatusCode.OK) is not { } kraamweek
            || await CompleteAsync(kraamweek, "KRAAMBED", "HANDOVER_JGZ", new { outcome = "normaal" }) is not { } postnatal
            || OpenTask(postnatal, "HANDOVER_JGZ") is not { } handover)
        {
            return;
        }

        if (await SendAsync("POST /api/tasks/{id}/handover/preview", HttpMethod.Post, $"/api/tasks/{handover}/handover/preview", Users.Midwife, null, HttpStatusCode.OK) is not { } preview
            || await SendAsync("POST /api/instances/{id}/consents", HttpMethod.Post, $"/api/instances/{id}/consents", Users.Midwife,
                new { handover = "postnatal", previewVersion = preview.GetProperty("contentVersion").GetString() }, HttpStatusCode.OK) is null
            || await SendAsync("POST /api/tasks/{id}/send", HttpMethod.Post, $"/api/tasks/{handover}/send", Users.Midwife, null, HttpStatusCode.OK) is not { } sent)
        {
            return;
        }

        if (!sent.GetProperty("handovers").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "available"))
        {
            results.Error("POST /api/tasks/{id}/send", "no handover document is available after sending");
            return;
        }

        // The JGZ nurse: her search, the document she opens, and her acknowledgement.
        if (await SearchHandoversAsync() is not { } document)
        {
            return;
        }

        var fetched = await SendAsync("GET /fhir/Bundle/{id}", HttpMethod.Get, $"/fhir/Bundle/{document}", Users.Jgz, null, HttpStatusCode.OK);
        if (fetched is { } bundle && (bundle.GetProperty("resourceType").GetString() != "Bundle" || bundle.GetProperty("type").GetString() != "document"))
        {
            results.Error("GET /fhir/Bundle/{id}", "the answer is not a document Bundle");
        }

        var acknowledged = await SendAsync("POST /api/tasks/{id}/acknowledge", HttpMethod.Post, $"/api/tasks/{handover}/acknowledge", Users.Jgz,
            new { note = "Ontvangen, dank u." }, HttpStatusCode.OK);
        if (acknowledged is { } receipt && !receipt.GetProperty("documents").EnumerateArray().All(d => d.GetProperty("status").GetString() == "acknowledged"))
        {
            results.Error("POST /api/tasks/{id}/acknowledge", "a document is not acknowledged");
        }
    }

    private async Task<JsonElement?> StartAsync()
    {
        var reference = $"LOAD-{number}-{Environment.ProcessId}-{++_started}-{Guid.NewGuid():N}"[..40];
        var started = await SendAsync("POST /api/instances", HttpMethod.Post, "/api/instances", Users.Midwife,
            new { clientReference = reference, municipality = "GM0599", expectedDeliveryDate = DateOnly.FromDateTime(DateTime.Today.AddDays(14)) },
            HttpStatusCode.Created);
        if (started is { } instance && OpenTask(instance, "INTAKE") is null)
        {
            results.Error("POST /api/instances", "no open INTAKE in the answer");
            return null;
        }

        return started;
    }

    /// <summary>The id of the newest document in the JGZ's search, or null (an error) when the search fails or is empty.</summary>
    private async Task<string?> SearchHandoversAsync()
    {
        const string Search = "GET /fhir/Bundle?type=document";
        if (await SendAsync(Search, HttpMethod.Get, "/fhir/Bundle?type=document", Users.Jgz, null, HttpStatusCode.OK) is not { } found)
        {
            return null;
        }

        if (found.GetProperty("resourceType").GetString() != "Bundle" || !found.TryGetProperty("entry", out var entries) || entries.GetArrayLength() == 0)
        {
            results.Error(Search, "not a Bundle with documents");
            return null;
        }

        return entries[0].GetProperty("resource").GetProperty("id").GetString();
    }

    /// <summary>Completes the open task of a step and checks that the next step is open (unless <paramref name="next"/> is null).</summary>
    private async Task<JsonElement?> CompleteAsync(JsonElement instance, string step, string? next, object? body = null, string user = Users.Midwife)
    {
        const string Endpoint = "POST /api/tasks/{id}/complete";
        if (OpenTask(instance, step) is not { } task)
        {
            results.Error(Endpoint, $"{step} is not open");
            return null;
        }

        var completed = await SendAsync(Endpoint, HttpMethod.Post, $"/api/tasks/{task}/complete", user, body ?? new { }, HttpStatusCode.OK);
        if (completed is { } answer && next is not null && OpenTask(answer, next) is null)
        {
            results.Error(Endpoint, $"after {step}, {next} is not open");
            return null;
        }

        return completed;
    }

    /// <summary>The id of the instance's open task at a step, or null.</summary>
    private static string? OpenTask(JsonElement instance, string stepId) =>
        instance.TryGetProperty("openTasks", out var tasks)
            ? tasks.EnumerateArray().Where(t => t.GetProperty("stepId").GetString() == stepId).Select(t => t.GetProperty("id").GetString()).FirstOrDefault()
            : null;

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

    /// <summary>A BSN that passes the eleven test, never the same twice in this run.</summary>
    private static string FreshBsn()
    {
        while (true)
        {
            var candidate = Interlocked.Increment(ref bsnSeed).ToString(CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 8; i++)
            {
                sum += (candidate[i] - '0') * (9 - i);
            }

            if ((sum - (candidate[8] - '0')) % 11 == 0)
            {
                return candidate;
            }
        }
    }

    /// <summary>A completed PPS screening answered "nee" throughout, as FHIR JSON.</summary>
    private static JsonObject Screening()
    {
        var groups = new (string Group, int Count)[] { ("psychopathologie", 3), ("psychosociaal", 3), ("middelen", 3), ("hulpbronnen", 3) };
        return new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["questionnaire"] = "https://fhir.blauwdruk.nl/Questionnaire/pps-screening",
            ["status"] = "completed",
            ["item"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject
            {
                ["linkId"] = g.Group,
                ["item"] = new JsonArray(Enumerable.Range(1, g.Count).Select(i => (JsonNode)new JsonObject
                {
                    ["linkId"] = $"{g.Group}.{i}",
                    ["answer"] = new JsonArray(new JsonObject { ["valueBoolean"] = false }),
                }).ToArray()),
            }).ToArray()),
        };
    }
}
