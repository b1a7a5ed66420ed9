using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Pathways;

/// <summary>
/// A client who started on the standard 1.0.0 stays on it when the files move to 1.3.0, although
/// Rotterdam-Zuid's 1.0.0 overlay breaks rules the standard added since (a JGZ handover deadline shorter
/// than the kraambed): those rules apply to new versions, not to the clients running on a published one.
/// </summary>
public class PublishedVersionsTests
{
    private static readonly string Old = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pathways-1.0.0");

    [Fact]
    public async Task A_client_on_the_standard_1_0_0_stays_on_it_when_the_files_move_to_1_1_0_and_new_clients_start_on_1_1_0()
    {
        // A host that knows only the standard 1.0.0, with Rotterdam-Zuid's 1.0.0 overlay published in its database.
        var onlyTemplate = Path.Combine(Path.GetTempPath(), $"blauwdruk-1.0.0-{Guid.NewGuid():N}");
        foreach (var file in Directory.GetFiles(Path.Combine(Old, "blauwdruk"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(onlyTemplate, Path.GetRelativePath(Old, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateDirectory(Path.Combine(onlyTemplate, "regio"));
        string connection;
        await using (var first = new BlauwdrukApiFactory(StorageProvider.Sqlite, pathwaysDirectory: onlyTemplate))
        {
            connection = first.ConnectionString;
            first.CreateClient(); // starts the host: the database is migrated and the template 1.0.0 recorded
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
            db.PathwayVersions.Add(new PathwayVersionRecord
            {
                PathwayId = "rijnmond-zuid",
                Version = "1.0.0",
                Kind = PathwayKind.Operational,
                Status = PathwayVersionStatus.Published,
                TemplateId = "blauwdruk",
                TemplateVersion = "1.0.0",
                Title = "Operationeel zorgpad kwetsbare zwangeren — VSV Rotterdam-Zuid",
                ContentHash = "published-before-1.3.0",
                Source = await File.ReadAllTextAsync(Path.Combine(Old, "regio", "rijnmond-zuid.yaml")),
                CreatedBy = "pathway-files",
                PublishedBy = "pathway-files",
            });
            await db.SaveChangesAsync();
        }

        InstanceResponse before;
        await using (var old = new BlauwdrukApiFactory(StorageProvider.Sqlite, connectionString: connection, pathwaysDirectory: onlyTemplate))
        {
            var midwife = old.ClientFor("verloskundige-maas");
            before = await midwife.StartFor("CL-OUD");
            before = await midwife.CompleteAsync(before, "INTAKE");
        }

        await using var current = new BlauwdrukApiFactory(StorageProvider.Sqlite, connectionString: connection);
        var professional = current.ClientFor("verloskundige-maas");
        var reloaded = (await professional.GetFromJsonAsync<InstanceResponse>($"/api/instances/{before.Id}"))!;
        // 1.0.0's identity step has no outcomes; 1.3.0's has two. She goes on as 1.0.0 says.
        var next = await professional.CompleteAsync(reloaded, "ID_BSN");
        var newcomer = await professional.StartFor("CL-NIEUW");

        Assert.Equal(("rijnmond-zuid", "1.0.0"), (before.PathwayId, before.PathwayVersion));
        Assert.Equal("1.0.0", reloaded.PathwayVersion);
        Assert.Equal(["SCREEN_PPS"], next.OpenTasks.Select(t => t.StepId));
        Assert.Equal("1.0.0", next.PathwayVersion);
        Assert.Equal(("rijnmond-zuid", "1.4.0"), (newcomer.PathwayId, newcomer.PathwayVersion));
    }
}
