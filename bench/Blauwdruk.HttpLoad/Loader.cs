using System.Diagnostics;
using Npgsql;

/// <summary>
/// Fills the host's PostgreSQL database for the large-data goals of issue 20, in the database itself
/// (<c>INSERT … SELECT</c> over <c>generate_series</c>: nothing crosses the wire, as fast as COPY):
/// <list type="bullet">
/// <item>instances with ten tasks each on the Rotterdam-Zuid pathway, nine done and one open (due within
/// −7 to +60 days), 1 % led by De Maas (the load's midwife) and the rest by 99 other practices. They are
/// rows of the task projection and the instances table only (an empty state document, no journal): what
/// the worklist and the database's size need, not instances to open;</item>
/// <item>handover documents for the JGZ of Rijnmond: copies of a document the journey sent (the same
/// encrypted content, each with its own id, task and moment), so that her search runs over thousands.</item>
/// </list>
/// Then <c>VACUUM ANALYZE</c>, so that the worklist's page comes from the index alone.
/// </summary>
internal static class Loader
{
    private const string Maas = "ura:90000101";

    private static readonly string[] Steps =
        ["INTAKE", "ID_BSN", "SCREEN_PPS", "DISCUSS", "CONSENT", "TRIAGE", "REF_MEDICAL", "REF_SOCIAL", "REF_JGZ_PRENATAL", "RESCREEN"];

    public static async Task InstancesAsync(string connection, int instances)
    {
        var watch = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var steps = string.Join(", ", Steps.Select(s => $"'{s}'"));
        await Execute(db, $"""
            CREATE TEMP TABLE loaded AS
              SELECT gen_random_uuid() AS id, g,
                     CASE WHEN g % 100 = 0 THEN '{Maas}' ELSE 'ura:9020' || lpad((g % 100)::text, 4, '0') END AS organisation,
                     now() - (g % 300) * interval '1 day' AS started
              FROM generate_series(1, {instances}) g;
            INSERT INTO instances (id, pathway_id, pathway_version, status, municipality, lead_organisation, started_at, updated_at, version, state, client_reference)
              SELECT id, 'rijnmond-zuid', '1.4.0', 'Active', 'GM0599', organisation, started, started, 10, jsonb_build_object(), 'BULK-' || g FROM loaded;
            INSERT INTO tasks (id, instance_id, pathway_id, pathway_version, step_id, role, organisation_id, status, activated_at, due_at, completed_at)
              SELECT gen_random_uuid(), l.id, 'rijnmond-zuid', '1.4.0', (ARRAY[{steps}])[s], 'verloskundige', l.organisation,
                     CASE WHEN s < 10 THEN 'Completed' ELSE 'Requested' END,
                     l.started + s * interval '1 day',
                     CASE WHEN s < 10 THEN l.started + (s + 7) * interval '1 day' ELSE now() + ((l.g::bigint * 7919) % 1680 - 168) * interval '1 hour' END,
                     CASE WHEN s < 10 THEN l.started + (s + 1) * interval '1 day' END
              FROM loaded l CROSS JOIN generate_series(1, 10) s;
            """);
        Console.WriteLine($"loaded {instances:N0} instances and {instances * 10L:N0} tasks in {watch.Elapsed.TotalSeconds:F0} s");
        await Vacuum(db, "instances", "tasks");
        Console.WriteLine($"vacuumed and analysed after {watch.Elapsed.TotalSeconds:F0} s");
    }

    public static async Task HandoversAsync(string connection, int count, string recipient)
    {
        var watch = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var have = (long)(await new NpgsqlCommand($"SELECT count(*) FROM handover_documents WHERE recipient = '{recipient}' AND current", db).ExecuteScalarAsync())!;
        if (have == 0)
        {
            throw new InvalidOperationException($"No handover document addressed to {recipient} to copy: run a journey round first.");
        }

        if (have >= count)
        {
            return;
        }

        await Execute(db, $"""
            INSERT INTO handover_documents (id, instance_id, task_id, child, version, kind, recipient, identifier, status, current, sent_at, updated_at, document)
              SELECT gen_random_uuid(), d.instance_id, gen_random_uuid(), d.child, 1, d.kind, d.recipient, d.identifier, d.status, true,
                     now() - g * interval '1 hour', now() - g * interval '1 hour', d.document
              FROM (SELECT * FROM handover_documents WHERE recipient = '{recipient}' AND current ORDER BY sent_at DESC LIMIT 1) d
              CROSS JOIN generate_series(1, {count - have}) g;
            """);
        await Vacuum(db, "handover_documents");
        Console.WriteLine($"{count:N0} handover documents addressed to {recipient} ({count - have:N0} copied) in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task Execute(NpgsqlConnection db, string sql) =>
        await new NpgsqlCommand(sql, db) { CommandTimeout = 3600 }.ExecuteNonQueryAsync();

    private static async Task Vacuum(NpgsqlConnection db, params string[] tables)
    {
        foreach (var table in tables)
        {
            await Execute(db, $"VACUUM (ANALYZE) {table}");
        }
    }
}
