using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Clients;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Handover;
using Microsoft.AspNetCore.DataProtection;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine: pathways from <c>Pathways:Directory</c>, storage from <c>Storage:Provider</c> and
    /// <c>ConnectionStrings:Blauwdruk</c>, and the runtime.
    /// </summary>
    public static IServiceCollection AddBlauwdrukEngine(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString ??= configuration.GetConnectionString("Blauwdruk"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PathwayOptions>()
            .BindConfiguration(PathwayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Pooled: every command gets a context, so creating them must be cheap.
        services.AddDbContextPool<SqliteBlauwdrukDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddDbContextPool<PostgresBlauwdrukDbContext>((sp, options) =>
            options.UseNpgsql(PostgresConnectionString(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)));
        services.AddScoped<BlauwdrukDbContext>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
            {
                StorageProvider.Postgres => sp.GetRequiredService<PostgresBlauwdrukDbContext>(),
                _ => sp.GetRequiredService<SqliteBlauwdrukDbContext>(),
            });

        services.AddSingleton(sp => PathwayCatalog.LoadFrom(sp.GetRequiredService<IOptions<PathwayOptions>>().Value.Directory));
        services.AddScoped<InstanceLoader>();
        services.AddScoped<InstanceRunner>();
        services.AddScoped<IdempotencyLedger>();
        services.AddSingleton<SnapshotCache>();
        services.AddScoped<HandoverStore>();
        services.AddSingleton<Secrets>();
        services.AddScoped<ClientAccess>();
        services.AddScoped<ClientPortal>();
        services.AddSingleton(_ => Conformance.NlCoreValidator.Create());
        services.AddScoped<ICommandParticipant, HandoverParticipant>();
        services.AddScoped<HandoverPreviews>();
        services.AddScoped<HandoverReads>();
        services.AddScoped<AccessLog>();
        services.AddSingleton<AccessLogWriter>();
        services.AddScoped<AccessLogVerification>();
        services.AddOptions<AccessLogOptions>().BindConfiguration(AccessLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccessLogSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogSealer>());

        // Identities and handover documents are encrypted; the key ring lives in the database, so every host can read what another wrote.
        services.AddDataProtection()
            .SetApplicationName("Blauwdruk")
            .PersistKeysToDbContext<BlauwdrukDbContext>();
        services.AddScoped<Worklist>();
        services.AddScoped<CareReads>();
        services.AddScoped<JournalVerification>();
        services.AddScoped<PathwayVersions>();
        services.AddSingleton<Runtime.Scenarios.StandardScenarios>();
        services.AddSingleton<IPublishCheck>(provider => provider.GetRequiredService<Runtime.Scenarios.StandardScenarios>());
        services.AddOptions<TimerOptions>().BindConfiguration(TimerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TimerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerWorker>());
        services.AddOptions<Notifications.OutboxOptions>().BindConfiguration(Notifications.OutboxOptions.Section);
        services.AddOptions<Notifications.NotificationOptions>().BindConfiguration(Notifications.NotificationOptions.Section);
        services.AddSingleton<Notifications.EmailChannel>();
        services.AddSingleton<Notifications.INotificationChannel>(sp => sp.GetRequiredService<Notifications.EmailChannel>());
        services.AddSingleton<Notifications.WebhookChannel>(sp => ActivatorUtilities.CreateInstance<Notifications.WebhookChannel>(sp));
        services.AddSingleton<Notifications.INotificationChannel>(sp => sp.GetRequiredService<Notifications.WebhookChannel>());
        services.AddScoped<Notifications.NotificationCentre>();
        services.AddSingleton<Notifications.OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.OutboxWorker>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The configured connection string, with no reset when a connection goes back to the pool: the
    /// engine leaves no session state behind (no SET, temporary tables or session locks), and the
    /// reset (DISCARD ALL) costs a statement on every command. Unless the connection string says
    /// otherwise, the statements the engine runs most are prepared once per connection (<c>Max Auto
    /// Prepare</c>), so PostgreSQL does not parse and plan them on every command; set
    /// <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements.
    /// </summary>
    internal static string? PostgresConnectionString(string? configured)
    {
        if (configured is null)
        {
            return null;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true };
        // Npgsql's own builder knows every keyword, so ask a plain one what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (!written.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = 20;
        }

        return builder.ConnectionString;
    }
}
