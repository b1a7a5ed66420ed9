using Blauwdruk.Tests.Journeys;
using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Api.Tests.Fhir;

/// <summary>
/// The FHIR facade used through Firely's own <see cref="FhirClient"/> (not our code), as a JGZ system
/// would: search handovers as the JGZ they are addressed to and as another JGZ, read one, acknowledge
/// it by updating its Task. On both databases.
/// </summary>
public abstract class FhirFacadeTests(BlauwdrukApiFactory factory)
{
    private HttpClient Midwife => factory.ClientFor("verloskundige-maas");

    private FhirClient Fhir(string user) =>
        new(new Uri(factory.Server.BaseAddress, "/fhir").ToString(), factory.ClientFor(user), new FhirClientSettings { PreferredFormat = ResourceFormat.Json });

    /// <summary>A client in Rotterdam whose child was born, with the postnatal handover sent under her consent.</summary>
    private async Task<(Guid Instance, Guid Task)> SentHandover(string client)
    {
        var midwife = Midwife;
        var instance = await midwife.StartFor(client);
        await midwife.IdentifyAsync(instance, TestBsn.Fresh());
        instance = await midwife.RaiseAsync(instance, "birth");
        instance = await midwife.CompleteAsync(instance, "BIRTH", "levend-geboren");
        instance = await midwife.KraamweekSignalledAsync(factory.ClientFor("kraamverzorgende-rijnmond"), instance);
        instance = await midwife.CompleteAsync(instance, "KRAAMBED", "normaal");
        var task = instance.OpenTask("HANDOVER_JGZ");
        var preview = await midwife.PreviewAsync(task);
        await midwife.ConsentAsync(instance, "postnatal", preview.ContentVersion);
        await midwife.SendHandoverAsync(task);
        return (instance.Id, task.Id);
    }

    [Fact]
    public async Task The_capability_statement_names_what_the_facade_does()
    {
        var capabilities = await Fhir("jgz-rijnmond").CapabilityStatementAsync();

        var resources = capabilities!.Rest.Single().Resource.ToDictionary(r => r.Type!);
        Assert.Equal(["Bundle", "CarePlan", "Composition", "PlanDefinition", "Task"], resources.Keys.Order());
        Assert.Contains(resources["Bundle"].SearchParam, p => p.Name == "composition.subject:Patient.identifier");
        Assert.Contains(resources["Task"].Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
        Assert.DoesNotContain(resources["Composition"].Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Update);
        Assert.All(resources.Values, r => Assert.Contains(r.Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.SearchType));
    }

    [Fact]
    public async Task A_jgz_finds_and_reads_the_handovers_addressed_to_it_and_another_jgz_sees_none()
    {
        var (instance, _) = await SentHandover("CL-FHIR-SEARCH");
        var own = Fhir("jgz-rijnmond");

        var found = (await own.SearchAsync<Bundle>(["type=document", "_count=50"]))!;
        var document = found.Entry.Select(e => e.Resource).OfType<Bundle>().Single(b => b.Entry[0].Resource is Composition c && c.Title!.StartsWith("Overdracht na de geboorte", StringComparison.Ordinal) && Child(b) is not null && InstanceOf(b, instance));
        Assert.Equal(Bundle.BundleType.Document, document.Type);
        var childId = Child(document)!.Identifier.Single();
        var bySubject = (await own.SearchAsync<Bundle>([$"composition.subject:Patient.identifier={childId.System}|{childId.Value}"]))!;
        Assert.Equal(document.Id, Assert.Single(bySubject.Entry).Resource!.Id);
        Assert.Empty((await own.SearchAsync<Bundle>(["composition.subject:Patient.identifier=urn:other|nobody"]))!.Entry);

        // _lastUpdated narrows by when the document last changed, on Bundles, Tasks and CarePlans alike.
        var today = factory.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains((await own.SearchAsync<Bundle>(["type=document", $"_lastUpdated=ge{today}", "_count=50"]))!.Entry, e => e.Resource!.Id == document.Id);
        Assert.Empty((await own.SearchAsync<Bundle>(["type=document", "_lastUpdated=lt2000-01-01"]))!.Entry);
        Assert.Empty((await own.SearchAsync<FhirTask>(["_lastUpdated=gt2999-01-01"]))!.Entry);
        Assert.NotEmpty((await Fhir("verloskundige-maas").SearchAsync<CarePlan>([$"_lastUpdated=ge{today}", "_count=100"]))!.Entry);
        var badDate = await Assert.ThrowsAsync<FhirOperationException>(() => own.SearchAsync<Bundle>(["_lastUpdated=ge2026-01-01", "_lastUpdated=gisteren"]));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.Status);
        Assert.Contains("'gisteren'", badDate.Message, StringComparison.Ordinal);

        var composition = Assert.Single((await own.SearchAsync<Composition>([$"subject:Patient.identifier={childId.System}|{childId.Value}"]))!.Entry).Resource!;
        Assert.Equal(document.Id, composition.Id);
        Assert.Equal(document.Id, (await own.ReadAsync<Composition>($"Composition/{document.Id}"))!.Id);

        var read = (await own.ReadAsync<Bundle>($"Bundle/{document.Id}"))!;
        Assert.Equal(document.Identifier!.Value, read.Identifier!.Value);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().HandoverDocuments.SingleAsync(h => h.Id == Guid.Parse(document.Id!));
            Assert.Equal(HandoverStatus.Retrieved, row.Status);
        }

        // A search serves each document as stored (not parsed and written again): the same resource as its read,
        // with the read's id and meta, in JSON and in XML alike.
        foreach (var format in new[] { ResourceFormat.Json, ResourceFormat.Xml })
        {
            var client = new FhirClient(new Uri(factory.Server.BaseAddress, "/fhir").ToString(), factory.ClientFor("jgz-rijnmond"), new FhirClientSettings { PreferredFormat = format });
            read = (await client.ReadAsync<Bundle>($"Bundle/{document.Id}"))!;
            var searched = (await client.SearchAsync<Bundle>(["type=document", "_count=50"]))!;
            var entry = searched.Entry.Single(e => e.Resource!.Id == document.Id);
            Assert.Equal($"{factory.Server.BaseAddress}fhir/Bundle/{document.Id}".Replace("//fhir", "/fhir", StringComparison.Ordinal), entry.FullUrl);
            Assert.True(read.IsExactly(entry.Resource), $"the searched document ({format}) differs from its read");
            Assert.Equal(Bundle.SearchEntryMode.Match, entry.Search!.Mode);
        }

        // Paging: every page has the same total; the last has no next link.
        var all = (await own.SearchAsync<Bundle>(["type=document", "_count=50"]))!;
        var first = (await own.SearchAsync<Bundle>(["type=document", "_count=1"]))!;
        Assert.Equal(all.Total, first.Total);
        Assert.Equal(all.Total > 1, first.NextLink is not null);
        var last = (await own.SearchAsync<Bundle>(["type=document", "_count=1", $"_offset={all.Total - 1}"]))!;
        Assert.Equal(all.Total, last.Total);
        Assert.Single(last.Entry);
        Assert.Null(last.NextLink);
        Assert.Equal(all.Total, (await own.SearchAsync<Bundle>(["type=document", "_count=1", $"_offset={all.Total + 5}"]))!.Total);

        var other = Fhir("jgz-drechtsteden");
        Assert.Empty((await other.SearchAsync<Bundle>(["type=document"]))!.Entry);
        var notFound = await Assert.ThrowsAsync<FhirOperationException>(() => other.ReadAsync<Bundle>($"Bundle/{document.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.NotNull(notFound.Outcome);
    }

    [Fact]
    public async Task The_jgz_acknowledges_by_completing_the_handover_task_and_a_stale_version_is_refused()
    {
        var (instance, taskId) = await SentHandover("CL-FHIR-ACK");
        var jgz = Fhir("jgz-rijnmond");
        var task = (await jgz.ReadAsync<FhirTask>($"Task/{taskId}"))!;
        Assert.Equal(FhirTask.TaskStatus.InProgress, task.Status);
        Assert.StartsWith("Bundle/", task.Focus!.Reference, StringComparison.Ordinal);
        Assert.Equal(("http://fhir.nl/fhir/NamingSystem/ura", "90000101"), (task.Owner!.Identifier!.System, task.Owner.Identifier.Value));

        var stale = (FhirTask)task.DeepCopy();
        stale.Meta!.VersionId = "1";
        stale.Status = FhirTask.TaskStatus.Completed;
        var conflict = await Assert.ThrowsAsync<FhirOperationException>(() => jgz.UpdateAsync(stale, versionAware: true));
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.Status);

        task.Status = FhirTask.TaskStatus.Completed;
        var updated = (await jgz.UpdateAsync(task, versionAware: true))!;

        Assert.Equal(FhirTask.TaskStatus.Completed, updated.Status);
        var after = (await Midwife.GetFromJsonAsync<InstanceResponse>($"/api/instances/{instance}"))!;
        Assert.DoesNotContain(after.OpenTasks, t => t.Id == taskId);
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => Fhir("jgz-drechtsteden").UpdateAsync(updated));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Fact]
    public async Task Care_plans_and_pathways_are_readable_and_errors_are_operation_outcomes()
    {
        var (instance, _) = await SentHandover("CL-FHIR-CAREPLAN");

        var carePlan = (await Fhir("verloskundige-maas").ReadAsync<CarePlan>($"CarePlan/{instance}"))!;
        var active = (await Fhir("verloskundige-maas").SearchAsync<CarePlan>(["status=active", "_count=100"]))!;
        Assert.Contains(active.Entry, e => e.Resource!.Id == instance.ToString());
        Assert.DoesNotContain((await Fhir("jgz-drechtsteden").SearchAsync<CarePlan>([]))!.Entry, e => e.Resource!.Id == instance.ToString());
        Assert.Equal("CL-FHIR-CAREPLAN", carePlan.Subject!.Display);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => Fhir("jgz-drechtsteden").ReadAsync<CarePlan>($"CarePlan/{instance}"))).Status);
        var plans = (await Fhir("jgz-rijnmond").SearchAsync<PlanDefinition>([]))!;
        Assert.Contains(plans.Entry, e => ((PlanDefinition)e.Resource!).Url == "https://fhir.blauwdruk.nl/PlanDefinition/blauwdruk");

        var anonymous = await factory.CreateClient().GetAsync("/fhir/Bundle?type=document");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/fhir+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"resourceType\":\"OperationOutcome\"", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badCount = await factory.ClientFor("jgz-rijnmond").GetAsync("/fhir/Bundle?_count=many");
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.Contains("OperationOutcome", await badCount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var xml = await factory.ClientFor("jgz-rijnmond").GetAsync("/fhir/metadata?_format=xml");
        Assert.Equal("application/fhir+xml", xml.Content.Headers.ContentType?.MediaType);
    }

    private static Patient? Child(Bundle document) =>
        document.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault(p => p.Identifier.Any(i => i.System == NamingSystems.Newborn));

    private static bool InstanceOf(Bundle document, Guid instance) =>
        Child(document)!.Identifier.Single().Value == Decider.NewbornId(instance, 1).ToString();
}

public sealed class FhirFacadeOnSqlite(SqliteApiFactory factory) : FhirFacadeTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class FhirFacadeOnPostgres(PostgresApiFactory factory) : FhirFacadeTests(factory), IClassFixture<PostgresApiFactory>;
