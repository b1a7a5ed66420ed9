using System.Diagnostics;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Load driver: (a) task completions per second through the engine on PostgreSQL, against (b) the
// commit rate of a minimal Npgsql transaction (one insert + one update) on the same database, with
// the same number of concurrent clients. Usage:
//   dotnet run -c Release --project bench/Blauwdruk.Bench -- "<postgres connection string>" [clients] [seconds] [--no-worklist] [--no-snapshot-cache]
var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("BLAUWDRUK_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("Give a PostgreSQL connection string (argument or BLAUWDRUK_BENCH_POSTGRES).");
var clients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
var withWorklist = !args.Contains("--no-worklist");
var snapshotCache = !args.Contains("--no-snapshot-cache");
var database = $"blauwdruk_bench_{Guid.NewGuid():N}";
var connection = $"{server};Database={database};Maximum Pool Size={clients * 2}";

// A pathway of 1,000 tasks in a row (enough for two runs at 2,000 completions/s), so one instance gives many completions.
var pathways = Path.Combine(Path.GetTempPath(), database);
Directory.CreateDirectory(Path.Combine(pathways, "blauwdruk"));
var steps = string.Concat(Enumerable.Range(0, 1000).Select(i =>
    $"  - id: T{i}\n    kind: task\n    label: Taak {i}\n    role: verloskundige\n    deadline: P7D\n    next: {(i == 999 ? "EINDE" : $"T{i + 1}")}\n"));
File.WriteAllText(Path.Combine(pathways, "blauwdruk", "bench.yaml"),
    $"id: bench\nversion: 1.0.0\ntitle: Bench\nroles:\n  - id: verloskundige\n    label: Verloskundige\nstart: T0\nsteps:\n{steps}  - id: EINDE\n    kind: end\n    label: Einde\n");

var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Blauwdruk"] = connection,
        ["Pathways:Directory"] = pathways,
    }.Concat(snapshotCache ? [] : [KeyValuePair.Create("Storage:SnapshotCacheSize", (string?)"0")])).Build())
    .AddLogging()
    .AddBlauwdrukEngine()
    .BuildServiceProvider();
await services.MigrateBlauwdrukDatabaseAsync();
await services.SyncPathwayVersionsAsync();

var actor = new Actor("bench", ["verloskundige"], "ura:90000101");
var instances = new List<Guid>();
await using (var scope = services.CreateAsyncScope())
{
    var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
    for (var i = 0; i < clients * 40; i++)
    {
        var id = Guid.CreateVersion7();
        await runner.StartAsync("bench", new StartInstance(id, $"B-{i}", "GM0599", new Dictionary<string, string>()) { By = actor }, CancellationToken.None);
        instances.Add(id);
    }
}

// (b) The physical limit: one INSERT and one UPDATE per transaction, same clients, same database, and
// the engine's own connection settings (so prepared statements when the engine prepares).
// Measured before (a) and again after it; the ratio is taken against the better of the two, so that
// neither a cold start nor the autovacuum after (a) flatters it.
NpgsqlConnectionStringBuilder minimal;
await using (var engineScope = services.CreateAsyncScope())
{
    minimal = new NpgsqlConnectionStringBuilder(engineScope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Database.GetConnectionString());
}

await using (var setup = new NpgsqlConnection(minimal.ConnectionString))
{
    await setup.OpenAsync();
    await new NpgsqlCommand("CREATE TABLE bench_rows (id bigserial PRIMARY KEY, n int NOT NULL); CREATE TABLE bench_counter (id int PRIMARY KEY, n bigint NOT NULL);", setup).ExecuteNonQueryAsync();
    for (var c = 0; c < clients; c++)
    {
        await new NpgsqlCommand($"INSERT INTO bench_counter VALUES ({c}, 0)", setup).ExecuteNonQueryAsync();
    }
}

var limitBefore = await MinimalCommitsAsync();

// (a) Engine: each client completes the open task of its own instances, round robin. A warm-up run
// first (as long as the measurement, not counted), so that the JIT has finished tiering up the hot path.
var openTask = new System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid>();
await using (var first = services.CreateAsyncScope())
{
    var db = first.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
    foreach (var id in instances)
    {
        openTask[id] = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == id && t.Status == PathwayTaskStatus.Requested).Select(t => t.Id).FirstAsync();
    }
}

await CompleteTasksAsync(TimeSpan.FromSeconds(seconds));
var (jitBefore, allocatedBefore, gen0Before, gen2Before) = (System.Runtime.JitInfo.GetCompiledMethodCount(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2));
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var machineBefore = MachineCpuMilliseconds();
var stopwatch = Stopwatch.StartNew();
var completions = await CompleteTasksAsync(TimeSpan.FromSeconds(seconds));
var engineRate = completions / stopwatch.Elapsed.TotalSeconds;
var machinePerCompletion = (MachineCpuMilliseconds() - machineBefore) / completions;
var perCompletion = (
    Cpu: (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / completions,
    Jitted: (double)(System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore) / completions,
    Allocated: (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / completions,
    Gen0: GC.CollectionCount(0) - gen0Before,
    Gen2: GC.CollectionCount(2) - gen2Before);

var limitAfter = await MinimalCommitsAsync();
var (limit, machinePerCommit) = limitBefore.Rate >= limitAfter.Rate ? limitBefore : limitAfter;

// (c) last: loading a million instances leaves PostgreSQL busy (autovacuum, checkpoints) for a while.
var (p50, p99, queries) = withWorklist ? await WorklistAsync() : (0.0, 0.0, 0);

Console.WriteLine($"clients: {clients}, seconds per measurement: {seconds}, snapshot cache: {(snapshotCache ? "on" : "off")}, (b) Max Auto Prepare: {minimal.MaxAutoPrepare}");
Console.WriteLine($"(a) engine task completions/s: {engineRate:F0}");
Console.WriteLine($"    per completion in this process: {perCompletion.Cpu:F2} ms CPU, {perCompletion.Allocated:F0} KB allocated, {perCompletion.Jitted:F2} methods jitted; {perCompletion.Gen0} gen0 and {perCompletion.Gen2} gen2 collections in all");
Console.WriteLine($"    machine CPU per completion (driver + PostgreSQL + kernel): {machinePerCompletion:F2} ms");
Console.WriteLine($"(b) minimal insert+update commits/s: {limit:F0} (before (a): {limitBefore.Rate:F0}, after: {limitAfter.Rate:F0})");
Console.WriteLine($"    machine CPU per commit: {machinePerCommit:F2} ms");
Console.WriteLine($"(a)/(b): {engineRate / limit:F2}");
Console.WriteLine($"(c) worklist query, 1,000,000 instances, one organisation's 1,000 open tasks (first 500): p50 {p50:F1} ms, p99 {p99:F1} ms over {queries} queries");

NpgsqlConnection.ClearAllPools();
await using (var admin = new NpgsqlConnection($"{server};Database=postgres"))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

// Each client completes the open task of its own instances, round robin; like a real client, it
// takes the next task's id from the previous answer. Returns the number of completions.
async Task<int> CompleteTasksAsync(TimeSpan duration)
{
    var done = 0;
    var until = DateTime.UtcNow + duration;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var mine = instances.Where((_, i) => i % clients == client).ToList();
        for (var n = 0; DateTime.UtcNow < until; n++)
        {
            await using var scope = services.CreateAsyncScope();
            var instance = mine[n % mine.Count];
            var result = await scope.ServiceProvider.GetRequiredService<InstanceRunner>()
                .ExecuteOnTaskAsync(openTask[instance], new CompleteTask(openTask[instance], null) { By = actor }, CancellationToken.None);
            if (result.Rejection is null)
            {
                Interlocked.Increment(ref done);
                openTask[instance] = result.State!.OpenTasks.FirstOrDefault()?.Id ?? throw new InvalidOperationException($"no open task: {result.State.Status} events={result.State.EventCount} tasks={result.State.TaskCount} replayed={result.Replayed} n={result.Events}");
            }
        }
    })));
    return done;
}

// (b): each client commits one INSERT and one UPDATE per transaction, for the measurement's length.
// Returns the commits per second and the machine's CPU per commit.
async Task<(double Rate, double MachinePerCommit)> MinimalCommitsAsync()
{
    var commits = 0;
    var machineAtStart = MachineCpuMilliseconds();
    var watch = Stopwatch.StartNew();
    var deadline = DateTime.UtcNow.AddSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        await using var db = new NpgsqlConnection(minimal.ConnectionString);
        await db.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var tx = await db.BeginTransactionAsync();
            await new NpgsqlCommand("INSERT INTO bench_rows (n) VALUES (1)", db, tx).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"UPDATE bench_counter SET n = n + 1 WHERE id = {client}", db, tx).ExecuteNonQueryAsync();
            await tx.CommitAsync();
            Interlocked.Increment(ref commits);
        }
    })));
    return (commits / watch.Elapsed.TotalSeconds, (MachineCpuMilliseconds() - machineAtStart) / commits);
}

// (c) The worklist with 1,000,000 instances (one open task each, 1,000 organisations): p50/p99 of
// GET /api/tasks's query for one organisation, read from the indexed task projection only.
async Task<(double P50, double P99, int Queries)> WorklistAsync()
{
    await using (var load = new NpgsqlConnection(connection))
    {
        await load.OpenAsync();
        var fill = new NpgsqlCommand("""
            INSERT INTO instances (id, pathway_id, pathway_version, status, municipality, lead_organisation, started_at, updated_at, version, state)
            SELECT gen_random_uuid(), 'bench', '1.0.0', 'Active', 'GM0599', 'ura:' || (90100000 + g % 1000), now(), now(), 1, '{}'::jsonb
            FROM generate_series(1, 1000000) g;
            INSERT INTO tasks (id, instance_id, pathway_id, pathway_version, step_id, role, organisation_id, status, activated_at, due_at)
            SELECT gen_random_uuid(), i.id, 'bench', '1.0.0', 'T0', 'verloskundige', i.lead_organisation, 'Requested', now(), now() + random() * interval '30 days'
            FROM instances i WHERE i.lead_organisation LIKE 'ura:901%';
            ANALYZE instances; ANALYZE tasks;
            """, load) { CommandTimeout = 600 };
        await fill.ExecuteNonQueryAsync();
    }

    var timings = new List<double>();
    var worklistActor = new Actor("bench", ["verloskundige"], "ura:90100042");
    for (var i = 0; i < 220; i++)
    {
        await using var scope = services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        var open = (await scope.ServiceProvider.GetRequiredService<Worklist>().PageAsync(worklistActor, new WorklistFilter(), CancellationToken.None)).Tasks;
        watch.Stop();
        if (i >= 20 && open.Count > 0)
        {
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    timings.Sort();
    return (timings[timings.Count / 2], timings[(int)(timings.Count * 0.99)], timings.Count);
}

// Busy CPU time of the whole machine (all cores, from /proc/stat), in milliseconds: what the
// driver, PostgreSQL and the kernel spent together.
static double MachineCpuMilliseconds()
{
    var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    // cpu user nice system idle iowait irq softirq steal ...
    var busy = fields[1..4].Concat(fields[6..9]).Sum(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture));
    return busy * 1000.0 / 100; // USER_HZ is 100 on Linux
}
