using Blauwdruk.Api.Auth;
using Blauwdruk.Api.Cli;
using Blauwdruk.Api.Development;
using Blauwdruk.Api.Handovers;
using Blauwdruk.Api.Idempotency;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Pathways;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Designer.Components;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

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
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.MigrateBlauwdrukDatabaseAsync();
await app.Services.SyncPathwayVersionsAsync();
if (app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>("Seed:DemoData"))
{
    await DemoSeed.RunAsync(app.Services);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapOpenApi();

var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<IdempotencyFilter>();
api.MapGroup("/instances").MapInstances().MapHandoverCommands();
api.MapGroup("/tasks").MapTasks().MapHandoverTasks();
api.MapGroup("/pathways").MapPathways();

app.MapStaticAssets();
app.MapRazorComponents<App>();

await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
