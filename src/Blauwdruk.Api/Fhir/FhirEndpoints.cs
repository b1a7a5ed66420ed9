using System.Globalization;
using System.Linq.Expressions;
using Expression = System.Linq.Expressions.Expression;
using System.Security.Claims;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// The FHIR R4 facade (<c>/fhir</c>): handover documents for the JGZ organisation they are addressed
/// to, pathway tasks (and the JGZ's acknowledgement as a Task update), the instance as a CarePlan, and
/// the published pathways as PlanDefinitions. An organisation sees only what is addressed to it or
/// what its care team holds; anything else is "not found".
/// </summary>
internal static class FhirEndpoints
{
    private const int DefaultCount = 20;
    private const int MaxCount = 100;
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static void MapFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", Metadata).AllowAnonymous().WithTags("FHIR").WithName("FhirMetadata");
        var fhir = app.MapGroup("/fhir").RequireAuthorization().RequireRateLimiting(Security.Hardening.ChangesPolicy).WithTags("FHIR").AddEndpointFilter<Audit.AccessLogFilter>().AddEndpointFilter<SmartScopes>();
        fhir.MapGet("/Bundle", SearchBundles).WithName("FhirSearchBundle");
        fhir.MapGet("/Bundle/{id}", ReadBundle).WithName("FhirReadBundle");
        fhir.MapGet("/Composition", SearchCompositions).WithName("FhirSearchComposition");
        fhir.MapGet("/Composition/{id}", ReadComposition).WithName("FhirReadComposition");
        fhir.MapGet("/Task", SearchTasks).WithName("FhirSearchTask");
        fhir.MapGet("/Task/{id}", ReadTask).WithName("FhirReadTask");
        fhir.MapPut("/Task/{id}", UpdateTask).WithName("FhirUpdateTask");
        fhir.MapGet("/CarePlan", SearchCarePlans).WithName("FhirSearchCarePlan");
        fhir.MapGet("/CarePlan/{id}", ReadCarePlan).WithName("FhirReadCarePlan");
        fhir.MapGet("/PlanDefinition", SearchPlanDefinitions).WithName("FhirSearchPlanDefinition");
        fhir.MapGet("/PlanDefinition/{id}", ReadPlanDefinition).WithName("FhirReadPlanDefinition");
    }

    /// <summary>What this server does, and nothing more.</summary>
    public static FhirResult Metadata(HttpContext http, TimeProvider time)
    {
        CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type, string documentation) =>
            new() { Name = name, Type = type, Documentation = documentation };
        CapabilityStatement.ResourceComponent Resource(ResourceType type, bool search, bool update, params CapabilityStatement.SearchParamComponent[] parameters) => new()
        {
            Type = type.ToString(),
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                .. search ? [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }] : Array.Empty<CapabilityStatement.ResourceInteractionComponent>(),
                .. update ? [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update }] : Array.Empty<CapabilityStatement.ResourceInteractionComponent>(),
            ],
            Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
            UpdateCreate = false,
            SearchParam = [.. parameters],
        };

        return new FhirResult(new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Blauwdruk" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Blauwdruk: overdracht geboortezorg naar JGZ", Url = $"{Base(http)}" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "OAuth2 bearer token; an organisation sees only the handovers addressed to it and the tasks of its care teams.",
                    Resource =
                    [
                        Resource(ResourceType.Bundle, search: true, update: false,
                            Param("type", SearchParamType.Token, "Only 'document': handover documents addressed to the caller's organisation."),
                            Param("composition.subject:Patient.identifier", SearchParamType.Token, "The identifier (system|value) of the document's subject: the mother (prenatal) or the child (postnatal)."),
                            Param("_lastUpdated", SearchParamType.Date, "When the document or its status last changed (eq, ge, gt, le, lt)."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {MaxCount}; next/previous links page through.")),
                        Resource(ResourceType.Composition, search: true, update: false,
                            Param("subject:Patient.identifier", SearchParamType.Token, "The identifier (system|value) of the subject: the mother (prenatal) or the child (postnatal)."),
                            Param("_lastUpdated", SearchParamType.Date, "When the document or its status last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {MaxCount}.")),
                        Resource(ResourceType.Task, search: true, update: true,
                            Param("owner", SearchParamType.Reference, "The organisation, as Organization?identifier=system|value, e.g. http://fhir.nl/fhir/NamingSystem/ura|90000103."),
                            Param("status", SearchParamType.Token, "requested, accepted, in-progress, on-hold, completed, cancelled, failed."),
                            Param("_lastUpdated", SearchParamType.Date, "When the task's pathway last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {MaxCount}.")),
                        Resource(ResourceType.CarePlan, search: true, update: false,
                            Param("status", SearchParamType.Token, "active or completed."),
                            Param("_lastUpdated", SearchParamType.Date, "When the pathway last changed."),
                            Param("_count", SearchParamType.Number, $"Page size, at most {MaxCount}.")),
                        Resource(ResourceType.PlanDefinition, search: true, update: false),
                    ],
                },
            ],
        });
    }

    public static async Task<IResult> SearchBundles(HttpContext http, ClaimsPrincipal user, BlauwdrukDbContext db, HandoverStore store, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (http.Request.Query["type"].ToString() is { Length: > 0 } type && type != "document")
        {
            return new FhirResult(Searchset(http, [], 0, 0, DefaultCount));
        }

        var (error, page, total, paging) = await FindDocuments(http, actor, db, store, "composition.subject:Patient.identifier", cancellationToken);
        return error ?? new FhirResult(Searchset(http, page.Select(d => (Resource)WithMeta(d.Bundle, d.Row)).ToList(), total, paging.Offset, paging.Count)) { Clients = page.Select(d => d.Row.InstanceId).ToList() };
    }

    public static async Task<IResult> SearchCompositions(HttpContext http, ClaimsPrincipal user, BlauwdrukDbContext db, HandoverStore store, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        var (error, page, total, paging) = await FindDocuments(http, actor, db, store, "subject:Patient.identifier", cancellationToken);
        return error ?? new FhirResult(Searchset(http, page.Select(d => (Resource)CompositionOf(d.Bundle, d.Row)).ToList(), total, paging.Offset, paging.Count)) { Clients = page.Select(d => d.Row.InstanceId).ToList() };
    }

    /// <summary>
    /// One page of the current documents addressed to the caller's organisation, newest first, filtered
    /// by <c>_lastUpdated</c> and by the identifier of the Composition's subject (the parameter named),
    /// with the number of all matches. Only the page is decrypted, unless the subject filter needs to
    /// read every candidate.
    /// </summary>
    private static async Task<(IResult? Error, List<(HandoverDocumentRecord Row, Bundle Bundle)> Page, int Total, (int Offset, int Count) Paging)> FindDocuments(
        HttpContext http, Actor actor, BlauwdrukDbContext db, HandoverStore store, string subjectParameter, CancellationToken cancellationToken)
    {
        if (Paging(http) is not { } paging)
        {
            return (BadPaging(), [], 0, default);
        }

        var current = db.HandoverDocuments.AsNoTracking().Where(h => h.Recipient == actor.OrganisationId && h.Current);
        if (LastUpdated(http, current, h => h.UpdatedAt) is not { } rows)
        {
            return (BadLastUpdated(http), [], 0, default);
        }

        rows = rows.OrderByDescending(h => h.SentAt);
        if (http.Request.Query[subjectParameter].ToString() is not { Length: > 0 } identifier)
        {
            var page = await rows.Skip(paging.Offset).Take(paging.Count).ToListAsync(cancellationToken);
            return (null, page.Select(row => (row, store.Open(row))).ToList(), await rows.CountAsync(cancellationToken), paging);
        }

        var bar = identifier.IndexOf('|', StringComparison.Ordinal);
        var (system, value) = bar >= 0 ? (identifier[..bar], identifier[(bar + 1)..]) : (null, identifier);
        var matches = (await rows.ToListAsync(cancellationToken))
            .Select(row => (Row: row, Bundle: store.Open(row)))
            .Where(d => SubjectOf(d.Bundle)?.Identifier.Any(i => i.Value == value && (string.IsNullOrEmpty(system) || i.System == system)) == true)
            .ToList();
        return (null, matches.Skip(paging.Offset).Take(paging.Count).ToList(), matches.Count, paging);
    }

    public static async Task<IResult> ReadBundle(string id, ClaimsPrincipal user, BlauwdrukDbContext db, HandoverStore store, InstanceRunner runner, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (await Addressed(db, id, actor, cancellationToken) is not { } row)
        {
            return FhirResult.NotFound("Bundle", id);
        }

        // The recipient fetched it: the handover's status moves from available to retrieved.
        if (row.Status == HandoverStatus.Available && row.Current)
        {
            var retrieved = await runner.ExecuteOnTaskAsync(row.TaskId, new RetrieveHandover(row.TaskId, row.Child) { By = actor }, cancellationToken);
            row = retrieved.Rejection is null ? await db.HandoverDocuments.AsNoTracking().SingleAsync(h => h.Id == row.Id, cancellationToken) : row;
        }

        return new FhirResult(WithMeta(store.Open(row), row));
    }

    public static async Task<IResult> ReadComposition(string id, ClaimsPrincipal user, BlauwdrukDbContext db, HandoverStore store, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (await Addressed(db, id, actor, cancellationToken) is not { } row)
        {
            return FhirResult.NotFound("Composition", id);
        }

        return new FhirResult(CompositionOf(store.Open(row), row));
    }

    /// <summary>A document's Composition, with the document's id and version.</summary>
    private static Composition CompositionOf(Bundle document, HandoverDocumentRecord row)
    {
        var composition = (Composition)document.Entry[0].Resource!;
        composition.Id = row.Id.ToString();
        composition.Meta = new Meta { VersionId = row.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = row.UpdatedAt };
        return composition;
    }

    public static async Task<IResult> SearchTasks(HttpContext http, ClaimsPrincipal user, BlauwdrukDbContext db, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (Paging(http) is not { } paging)
        {
            return BadPaging();
        }

        var query = http.Request.Query;
        var tasks = VisibleTasks(db, actor);
        if (query["status"].ToString() is { Length: > 0 } status)
        {
            var statuses = status.Split(',').Select(StatusFromCode).ToList();
            if (statuses.Any(s => s is null))
            {
                return BadParameter($"Onbekende status '{status}'; gebruik requested, accepted, in-progress, on-hold, completed, cancelled of failed.");
            }

            var wanted = statuses.Select(s => s!.Value).ToList();
            tasks = tasks.Where(t => wanted.Contains(t.Status));
        }

        if (query["owner"].ToString() is { Length: > 0 } owner && OrganisationFromReference(owner) != actor.OrganisationId)
        {
            return new FhirResult(Searchset(http, [], 0, paging.Offset, paging.Count));
        }

        var joined = from task in tasks
                     join instance in db.Instances.AsNoTracking() on task.InstanceId equals instance.Id
                     select new { Task = task, instance.Version, instance.UpdatedAt };
        if (LastUpdated(http, joined, r => r.UpdatedAt) is not { } rows)
        {
            return BadLastUpdated(http);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderBy(r => r.Task.DueAt == null).ThenBy(r => r.Task.DueAt).ThenBy(r => r.Task.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(cancellationToken);
        var focus = await Focus(db, page.Select(r => r.Task.Id).ToList(), cancellationToken);
        return new FhirResult(Searchset(http, page.Select(r => (Resource)ToFhir(r.Task, r.Version, r.UpdatedAt, catalog, focus)).ToList(), total, paging.Offset, paging.Count)) { Clients = page.Select(r => r.Task.InstanceId).ToList() };
    }

    public static async Task<IResult> ReadTask(string id, ClaimsPrincipal user, BlauwdrukDbContext db, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        return await TaskFor(db, id, actor, catalog, cancellationToken) is { } task ? new FhirResult(task) : FhirResult.NotFound("Task", id);
    }

    /// <summary>
    /// The JGZ acknowledges a handover by updating its Task to <c>completed</c>. With <c>If-Match</c>, the
    /// version must be the current one (412 otherwise). Any other change is refused.
    /// </summary>
    public static async Task<IResult> UpdateTask(string id, HttpContext http, ClaimsPrincipal user, BlauwdrukDbContext db, PathwayCatalog catalog, InstanceRunner runner, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        FhirTask? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<FhirTask>(http.Request.Body, Json, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or DeserializationFailedException)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, $"De body is geen geldige FHIR Task (JSON): {ex.Message}");
        }

        if (body is null || body.Id != id)
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"De Task in de body moet id '{id}' hebben, gelijk aan de URL.");
        }

        if (await TaskFor(db, id, actor, catalog, cancellationToken) is not { } current)
        {
            return FhirResult.NotFound("Task", id);
        }

        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch.Trim() != $"W/\"{current.Meta!.VersionId}\"" && ifMatch.Trim() != $"\"{current.Meta.VersionId}\"")
        {
            return FhirResult.Outcome(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.Conflict,
                $"De Task is intussen gewijzigd (versie {current.Meta.VersionId}, niet {ifMatch}); lees haar opnieuw.");
        }

        if (body.Status != FhirTask.TaskStatus.Completed || current.Focus is null)
        {
            return FhirResult.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule,
                "Via FHIR kan de JGZ alleen de ontvangst van een overdracht bevestigen: een overdrachtstaak naar status 'completed'.");
        }

        var result = await runner.ExecuteOnTaskAsync(Guid.Parse(id), new AcknowledgeHandover(Guid.Parse(id)) { By = actor }, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            return rejection.Kind switch
            {
                RejectionKind.NotFound => FhirResult.NotFound("Task", id),
                RejectionKind.Forbidden => FhirResult.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, rejection.Message),
                _ => FhirResult.Outcome(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, rejection.Message),
            };
        }

        return new FhirResult((await TaskFor(db, id, actor, catalog, cancellationToken))!);
    }

    public static async Task<IResult> ReadCarePlan(string id, ClaimsPrincipal user, InstanceRunner runner, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (!Guid.TryParse(id, out var instanceId) || await runner.FindAsync(instanceId, actor, cancellationToken) is not { } state)
        {
            return FhirResult.NotFound("CarePlan", id);
        }

        return new FhirResult(CarePlanOf(state, runner.DefinitionOf(state), actor));
    }

    /// <summary>The pathways the caller's organisation leads or has a task in, as CarePlans.</summary>
    public static async Task<IResult> SearchCarePlans(HttpContext http, ClaimsPrincipal user, BlauwdrukDbContext db, InstanceRunner runner, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (user.ToCareActor(catalog) is not { } actor)
        {
            return Forbidden();
        }

        if (Paging(http) is not { } paging)
        {
            return BadPaging();
        }

        var withTasks = db.Tasks.Where(t => t.OrganisationId == actor.OrganisationId).Select(t => t.InstanceId);
        var visible = db.Instances.AsNoTracking().Where(i => i.LeadOrganisation == actor.OrganisationId || withTasks.Contains(i.Id));
        if (LastUpdated(http, visible, i => i.UpdatedAt) is not { } instances)
        {
            return BadLastUpdated(http);
        }

        if (http.Request.Query["status"].ToString() is { Length: > 0 } status)
        {
            if (status is not ("active" or "completed"))
            {
                return BadParameter($"Onbekende status '{status}'; gebruik active of completed.");
            }

            instances = status == "active" ? instances.Where(i => i.Status == InstanceStatus.Active) : instances.Where(i => i.Status != InstanceStatus.Active);
        }

        var total = await instances.CountAsync(cancellationToken);
        var ids = await instances.OrderByDescending(i => i.UpdatedAt).Skip(paging.Offset).Take(paging.Count).Select(i => i.Id).ToListAsync(cancellationToken);
        var plans = new List<Resource>();
        foreach (var id in ids)
        {
            if (await runner.FindAsync(id, actor, cancellationToken) is { } state)
            {
                plans.Add(CarePlanOf(state, runner.DefinitionOf(state), actor));
            }
        }

        return new FhirResult(Searchset(http, plans, total, paging.Offset, paging.Count)) { Clients = ids };
    }

    private static CarePlan CarePlanOf(InstanceState state, PathwayDefinition definition, Actor viewer) =>
        new()
        {
            Id = state.Id.ToString(),
            Meta = new Meta { VersionId = state.EventCount.ToString(CultureInfo.InvariantCulture) },
            Status = state.Status == InstanceStatus.Active ? RequestStatus.Active : RequestStatus.Completed,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = definition.Title,
            InstantiatesCanonical = [PlanDefinitionExport.PlanDefinitionUrl(definition)],
            Subject = new ResourceReference { Identifier = new Identifier("https://fhir.blauwdruk.nl/NamingSystem/client-reference", state.ClientReference), Display = state.ClientReference },
            Period = new Period { StartElement = new FhirDateTime(state.StartedAt) },
            Activity = NeedToKnow.OpenTasks(definition, state, viewer).Select(t => new CarePlan.ActivityComponent { Reference = new ResourceReference($"Task/{t.Id}", definition.FindStep(t.StepId)?.Label) }).ToList(),
        };

    public static IResult SearchPlanDefinitions(HttpContext http, PathwayCatalog catalog)
    {
        var plans = PlanDefinitions(catalog).ToList();
        return new FhirResult(Searchset(http, plans, plans.Count, 0, plans.Count));
    }

    public static IResult ReadPlanDefinition(string id, PathwayCatalog catalog) =>
        PlanDefinitions(catalog).FirstOrDefault(p => p.Id == id) is { } plan ? new FhirResult(plan) : FhirResult.NotFound("PlanDefinition", id);

    private static IEnumerable<Resource> PlanDefinitions(PathwayCatalog catalog) =>
        catalog.All.SelectMany(definition => PlanDefinitionExport.ToBundle(definition).Entry.Select(e => e.Resource!).OfType<PlanDefinition>()
            .Select(plan =>
            {
                plan.Id = $"{plan.Url!.Split('/')[^1]}-{definition.Version.Replace('.', '-')}";
                return plan;
            }));

    private static async Task<HandoverDocumentRecord?> Addressed(BlauwdrukDbContext db, string id, Actor actor, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid)
            ? await db.HandoverDocuments.AsNoTracking().SingleOrDefaultAsync(h => h.Id == guid && h.Recipient == actor.OrganisationId, cancellationToken)
            : null;

    private static async Task<FhirTask?> TaskFor(BlauwdrukDbContext db, string id, Actor actor, PathwayCatalog catalog, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var taskId))
        {
            return null;
        }

        var row = await (from task in VisibleTasks(db, actor)
                         join instance in db.Instances.AsNoTracking() on task.InstanceId equals instance.Id
                         where task.Id == taskId
                         select new { Task = task, instance.Version, instance.UpdatedAt }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ToFhir(row.Task, row.Version, row.UpdatedAt, catalog, await Focus(db, [row.Task.Id], cancellationToken));
    }

    /// <summary>The tasks an organisation may see: its own, and the handover tasks addressed to it.</summary>
    private static IQueryable<TaskRecord> VisibleTasks(BlauwdrukDbContext db, Actor actor)
    {
        var addressed = db.HandoverDocuments.Where(h => h.Recipient == actor.OrganisationId).Select(h => h.TaskId);
        return db.Tasks.AsNoTracking().Where(t => t.OrganisationId == actor.OrganisationId || addressed.Contains(t.Id));
    }

    /// <summary>
    /// The rows narrowed by every <c>_lastUpdated</c> value (eq, ge, gt, le, lt, each over the value's
    /// precision) on the moment <paramref name="at"/> selects; null when a value is not a date.
    /// </summary>
    private static IQueryable<T>? LastUpdated<T>(HttpContext http, IQueryable<T> rows, Expression<Func<T, DateTimeOffset>> at)
    {
        foreach (var value in http.Request.Query["_lastUpdated"])
        {
            if (DateFilter(value) is not { } filter)
            {
                return null;
            }

            // The bounds as captured values, so that EF Core sends them as parameters.
            Expression<Func<DateTimeOffset>> start = () => filter.Start;
            Expression<Func<DateTimeOffset>> end = () => filter.End;
            Expression condition = filter.Prefix switch
            {
                "gt" => Expression.GreaterThan(at.Body, end.Body),
                "ge" => Expression.GreaterThanOrEqual(at.Body, start.Body),
                "lt" => Expression.LessThan(at.Body, start.Body),
                "le" => Expression.LessThan(at.Body, end.Body),
                _ => Expression.AndAlso(Expression.GreaterThanOrEqual(at.Body, start.Body), Expression.LessThan(at.Body, end.Body)),
            };
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(condition, at.Parameters));
        }

        return rows;
    }

    private static FhirResult BadLastUpdated(HttpContext http) =>
        BadParameter($"_lastUpdated '{http.Request.Query["_lastUpdated"].First(v => DateFilter(v) is null)}' is geen datum met een voorvoegsel (eq, ge, gt, le, lt), bijvoorbeeld ge2026-06-01.");

    private static FhirResult BadPaging() => BadParameter($"_count en _offset zijn gehele getallen; _count hoogstens {MaxCount}.");

    /// <summary>For handover tasks: the current document (the first child's) they are about.</summary>
    private static async Task<Dictionary<Guid, Guid>> Focus(BlauwdrukDbContext db, List<Guid> taskIds, CancellationToken cancellationToken) =>
        (await db.HandoverDocuments.AsNoTracking().Where(h => taskIds.Contains(h.TaskId) && h.Current).OrderBy(h => h.Child).Select(h => new { h.TaskId, h.Id }).ToListAsync(cancellationToken))
            .GroupBy(h => h.TaskId).ToDictionary(g => g.Key, g => g.First().Id);

    private static FhirTask ToFhir(TaskRecord task, int version, DateTimeOffset updatedAt, PathwayCatalog catalog, Dictionary<Guid, Guid> focus)
    {
        var step = catalog.Find(task.PathwayId, task.PathwayVersion)?.FindStep(task.StepId);
        return new FhirTask
        {
            Id = task.Id.ToString(),
            Meta = new Meta { VersionId = version.ToString(CultureInfo.InvariantCulture), LastUpdated = updatedAt },
            Status = task.Status switch
            {
                PathwayTaskStatus.Accepted => FhirTask.TaskStatus.Accepted,
                PathwayTaskStatus.InProgress => FhirTask.TaskStatus.InProgress,
                PathwayTaskStatus.OnHold => FhirTask.TaskStatus.OnHold,
                PathwayTaskStatus.Completed => FhirTask.TaskStatus.Completed,
                PathwayTaskStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
                PathwayTaskStatus.Failed => FhirTask.TaskStatus.Failed,
                _ => FhirTask.TaskStatus.Requested,
            },
            Intent = FhirTask.TaskIntent.Order,
            Code = new CodeableConcept($"https://fhir.blauwdruk.nl/CodeSystem/step/{task.PathwayId}", task.StepId, step?.Label ?? task.StepId),
            Description = task.EscalationOf is null ? step?.Label : $"Termijn verstreken: {step?.Label}",
            BasedOn = [new ResourceReference($"CarePlan/{task.InstanceId}")],
            Focus = focus.TryGetValue(task.Id, out var document) ? new ResourceReference($"Bundle/{document}") : null,
            Owner = new ResourceReference { Identifier = OrganisationIdentifier(task.OrganisationId), Display = task.Owner },
            AuthoredOn = task.ActivatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            LastModified = updatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Restriction = task.DueAt is { } due ? new FhirTask.RestrictionComponent { Period = new Period { EndElement = new FhirDateTime(due) } } : null,
        };
    }

    private static Identifier OrganisationIdentifier(string organisation) =>
        organisation.StartsWith("ura:", StringComparison.Ordinal)
            ? new Identifier(HandoverDocument.UraSystem, organisation[4..])
            : new Identifier(HandoverDocument.OrganisationSystem, organisation);

    /// <summary>The organisation an owner search names: <c>Organization?identifier=system|value</c> or a bare <c>system|value</c>.</summary>
    private static string? OrganisationFromReference(string owner)
    {
        var token = owner.StartsWith("Organization?identifier=", StringComparison.Ordinal) ? owner["Organization?identifier=".Length..] : owner;
        var parts = token.Split('|');
        return parts.Length == 2 && parts[0] == HandoverDocument.UraSystem ? $"ura:{parts[1]}" : parts[^1];
    }

    private static PathwayTaskStatus? StatusFromCode(string code) => code switch
    {
        "requested" => PathwayTaskStatus.Requested,
        "accepted" => PathwayTaskStatus.Accepted,
        "in-progress" => PathwayTaskStatus.InProgress,
        "on-hold" => PathwayTaskStatus.OnHold,
        "completed" => PathwayTaskStatus.Completed,
        "cancelled" => PathwayTaskStatus.Cancelled,
        "failed" => PathwayTaskStatus.Failed,
        _ => null,
    };

    private static Patient? SubjectOf(Bundle document)
    {
        var subject = (document.Entry[0].Resource as Composition)?.Subject?.Reference;
        return document.Entry.FirstOrDefault(e => e.FullUrl == subject)?.Resource as Patient;
    }

    /// <summary>The stored document with its resource id and meta (version and moment of its last status change).</summary>
    private static Bundle WithMeta(Bundle document, HandoverDocumentRecord row)
    {
        document.Id = row.Id.ToString();
        document.Meta = new Meta { VersionId = row.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = row.UpdatedAt };
        return document;
    }

    private static Bundle Searchset(HttpContext http, IReadOnlyList<Resource> page, int total, int offset, int count)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        var self = $"{Base(http)}{http.Request.Path}";
        string Link(int at) => $"{self}?{string.Join('&', http.Request.Query.Where(q => q.Key is not "_offset" and not "_count").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")).Append($"_count={count}").Append($"_offset={at}"))}";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Link(offset) });
        if (offset + count < total)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(offset + count) });
        }

        if (offset > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Link(Math.Max(0, offset - count)) });
        }

        foreach (var resource in page)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{Base(http)}/fhir/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    private static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static (int Offset, int Count)? Paging(HttpContext http)
    {
        var query = http.Request.Query;
        var count = DefaultCount;
        var offset = 0;
        if (query["_count"].ToString() is { Length: > 0 } c && (!int.TryParse(c, CultureInfo.InvariantCulture, out count) || count < 0 || count > MaxCount))
        {
            return null;
        }

        if (query["_offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return null;
        }

        return (offset, count);
    }

    /// <summary>A date search value with its prefix, as the half-open range of its precision (day, or the exact moment).</summary>
    private static (string Prefix, DateTimeOffset Start, DateTimeOffset End)? DateFilter(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var prefix = value.Length > 2 && char.IsAsciiLetter(value[0]) ? value[..2] : "eq";
        var text = prefix == "eq" && !char.IsAsciiLetter(value[0]) ? value : value[2..];
        if (prefix is not ("eq" or "ge" or "gt" or "le" or "lt"))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (prefix, start, start.AddDays(1));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? (prefix, moment.ToUniversalTime(), moment.ToUniversalTime().AddTicks(1))
            : null;
    }

    private static FhirResult BadParameter(string text) => FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, text);

    private static FhirResult Forbidden() =>
        FhirResult.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
            "Alleen zorgverleners zien cliëntgegevens: uw token moet een gebruiker, een organisatie en een zorgrol (zoals verloskundige of jgz-verpleegkundige) noemen.");
}
