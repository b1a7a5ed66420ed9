using System.Net.Http.Json;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blauwdruk.Api.Tests.Health;

public class HostTests
{
    [Fact]
    public async Task A_new_development_database_is_seeded_with_demo_clients_once()
    {
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite, seedDemoData: true);

        var maas = await host.ClientFor("verloskundige-maas").GetFromJsonAsync<List<TaskResponse>>("/api/tasks");
        var merwede = await host.ClientFor("verloskundige-merwede").GetFromJsonAsync<List<TaskResponse>>("/api/tasks");
        await using var restarted = new BlauwdrukApiFactory(StorageProvider.Sqlite, seedDemoData: true, connectionString: host.ConnectionString);
        var afterRestart = await restarted.ClientFor("verloskundige-maas").GetFromJsonAsync<List<TaskResponse>>("/api/tasks");

        Assert.Equal(["CONSENT", "INTAKE", "SCREEN_PPS"], maas!.Select(t => t.StepId).Where(s => !s.StartsWith("HANDOVER", StringComparison.Ordinal)).Order());
        // The handovers: one prenatal waiting for the JGZ's receipt, one postnatal (and the GP's), and two that wait for consent (one of a mother of 17).
        Assert.Equal(3, maas!.Count(t => t.StepId == "HANDOVER_JGZ"));
        Assert.Equal(["BIRTHPLAN", "ID_BSN", "KRAAM_INTAKE"], merwede!.Select(t => t.StepId).Order());
        Assert.Equal(maas!.Count, afterRestart!.Count);

        // The JGZ of Rotterdam has a prenatal and a postnatal handover waiting; the client without consent sent nothing.
        var handovers = await host.ClientFor("jgz-rijnmond").GetStringAsync("/fhir/Bundle?type=document");
        Assert.Contains("\"total\":2", handovers, StringComparison.Ordinal);

        // The demo clients find their own pathway when they sign in as themselves; the last one has none.
        foreach (var (client, reference) in new[] { ("client-yasmina", "DEMO-RZ-004"), ("client-sanne", "DEMO-RZ-005"), ("client-ilse", "DEMO-RZ-006"), ("client-fenna", "DEMO-RZ-007"), ("client-lisa", "DEMO-RZ-008"), ("client-noor", null) })
        {
            var mine = await host.ClientForPerson(client).GetFromJsonAsync<Api.Clients.MyPathwaysResponse>("/api/me");
            var references = new List<string>();
            foreach (var pathway in mine!.Pathways)
            {
                references.Add((await host.ClientFor("verloskundige-maas").GetFromJsonAsync<Api.Instances.InstanceResponse>($"/api/instances/{pathway.Id}"))!.ClientReference);
            }

            Assert.Equal(reference is null ? [] : [reference], references);
        }
    }

    [Fact]
    public void Outside_development_the_host_refuses_to_start_without_an_identity_provider()
    {
        using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite).WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.Equal("Set Auth:Authority (the OpenID Connect provider) to run outside the Development environment.", error.Message);
    }

    [Fact]
    public async Task The_openapi_document_names_every_operation()
    {
        await using var host = new BlauwdrukApiFactory(StorageProvider.Sqlite);

        var document = await host.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var operation in new[] { "StartInstance", "GetInstance", "ListTasks", "CompleteTask" })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", document);
        }
    }
}
