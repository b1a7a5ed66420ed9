using Blauwdruk.Api.Audit;
using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Cli;
using Blauwdruk.Api.Clients;
using Blauwdruk.Api.Development;
using Blauwdruk.Api.Fhir;
using Blauwdruk.Api.Handovers;
using Blauwdruk.Api.Idempotency;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Notifications;
using Blauwdruk.Api.Pathways;
using Blauwdruk.Api.Security;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Designer.Components;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

if (BlauwdrukCli.Handles(args))
{
    return await BlauwdrukCli.RunAsync(args);
}

// The binaries' folder holds appsettings and pathways, wherever the host is started from; relative
// paths given by the user (the SQLite file, CLI arguments) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

builder.Services.AddBlauwdrukEngine();
builder.Services.AddBlauwdrukAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddProblemDetails();
builder.Services.AddValidation();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddDbContextCheck<BlauwdrukDbContext>("database", tags: ["ready"]);
builder.Services.AddBlauwdrukDesigner();
builder.Services.AddHardening();
builder.Services.AddScoped<HandoverPages>();
if (!builder.Environment.IsDevelopment())
{
    // The nl-core profiles loaded at start, so the first handover sent does not wait for them.
    builder.Services.AddHostedService<Blauwdruk.Engine.Handover.ConformanceWarmup>();
}

// Dutch text (ë, é, —) as characters in rendered pages, not as numeric references; the markup stays encoded.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
    options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddAspNetCoreInstrumentation()
    .AddRuntimeInstrumentation()
    .AddMeter(Blauwdruk.Engine.Runtime.EngineMetrics.MeterName)
    .AddPrometheusExporter());

var app = builder.Build();

await app.Services.MigrateBlauwdrukDatabaseAsync();
await app.Services.SyncPathwayVersionsAsync();
if (app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>("Seed:DemoData"))
{
    await DemoSeed.RunAsync(app.Services);
}

app.UseHardening();

// Errors: ProblemDetails for the API, an OperationOutcome for the FHIR facade.
// A body that cannot be read (malformed JSON, too large) is the caller's error, not the server's.
app.UseExceptionHandler(errors => errors.Run(http =>
{
    var unreadable = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error as BadHttpRequestException;
    var status = unreadable?.StatusCode ?? StatusCodes.Status500InternalServerError;
    var detail = unreadable is null ? "Er ging iets mis op de server; probeer het later opnieuw."
        : status == StatusCodes.Status413PayloadTooLarge ? "Het verzoek is te groot; stuur minder tegelijk."
        : "Het verzoek kon niet worden gelezen: controleer of de body geldige JSON is met de velden van dit verzoek.";
    http.Response.StatusCode = status;
    return http.Request.Path.StartsWithSegments("/fhir")
        ? FhirResult.Outcome(status, unreadable is null ? Hl7.Fhir.Model.OperationOutcome.IssueType.Exception : Hl7.Fhir.Model.OperationOutcome.IssueType.Structure, detail).ExecuteAsync(http)
        : http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Detail = detail },
        }).AsTask();
}));
app.UseStatusCodePages(context =>
{
    var http = context.HttpContext;
    return http.Request.Path.StartsWithSegments("/fhir")
        ? FhirResult.Outcome(http.Response.StatusCode, http.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => Hl7.Fhir.Model.OperationOutcome.IssueType.Login,
            StatusCodes.Status403Forbidden => Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden,
            StatusCodes.Status404NotFound => Hl7.Fhir.Model.OperationOutcome.IssueType.NotFound,
            _ => Hl7.Fhir.Model.OperationOutcome.IssueType.Processing,
        }, http.Response.StatusCode == StatusCodes.Status401Unauthorized
            ? "Meld u aan met een geldig token (Authorization: Bearer …)."
            : $"Het verzoek kon niet worden verwerkt (HTTP {http.Response.StatusCode}).").ExecuteAsync(http)
        : http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http }).AsTask();
});
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapOpenApi();
app.MapScalarApiReference("/scalar");
app.MapPrometheusScrapingEndpoint("/metrics");

// The professionals' API, and the client's own part (/api/me) for a client signed in as herself.
var api = app.MapGroup("/api").RequireAuthorization().RequireRateLimiting(Hardening.ChangesPolicy);
var care = api.MapGroup("").RequireAuthorization(BlauwdrukPolicies.Professional)
    .AddEndpointFilter<RequireActor>().AddEndpointFilter<IdempotencyFilter>().AddEndpointFilter<AccessLogFilter>();
care.MapGroup("/instances").MapInstances().MapHandoverCommands();
care.MapGroup("/tasks").MapTasks().MapHandoverTasks();
care.MapGroup("/pathways").MapPathways();
care.MapGroup("/notifications").MapNotifications();
api.MapGroup("/me").RequireAuthorization(BlauwdrukPolicies.Client).MapMe().MapClientPortal();

app.MapFhir();

app.MapClientCopy();
app.MapLogin(app.Services.GetRequiredService<AuthOptions>(), app.Environment);
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();

await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
