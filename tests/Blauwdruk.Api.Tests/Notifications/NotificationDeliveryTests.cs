using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blauwdruk.Engine;
using Blauwdruk.Engine.Notifications;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Notifications;

/// <summary>
/// Reminders, escalations and safety concerns reach real servers: a real SMTP server, an organisation's webhook receiver
/// that checks the signature, and with three hosts on one PostgreSQL database each message reaches each recipient once.
/// </summary>
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private const string Practice = "ura:90000101";
    private const string Reference = "BR-MELDING-GEHEIM-7";
    private static readonly string[] ReminderTypes = ["task-reminder", "task-escalated"];

    /// <summary>A pathway of one task, reminded an hour before its deadline and escalated after it.</summary>
    private const string ReminderPathway = """
        id: herinneringtest
        version: 1.0.0
        title: Herinneringtest
        roles:
          - id: verloskundige
            label: Verloskundige
          - id: zorgcoordinator
            label: Zorgcoördinator
        start: TAAK
        steps:
          - id: TAAK
            kind: task
            label: Intake plannen
            role: verloskundige
            deadline:
              within: PT2H
              remindBefore: PT1H
              escalateTo: zorgcoordinator
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        """;

    private readonly string _pathways = Path.Combine(Path.GetTempPath(), $"blauwdruk-notifications-{Guid.NewGuid():N}");
    private readonly List<IAsyncDisposable> _disposables = [];

    private sealed class Host(string pathways, (string Key, string Value)[] settings, StorageProvider provider = StorageProvider.Sqlite, string? connectionString = null)
        : BlauwdrukApiFactory(provider, connectionString: connectionString, pathwaysDirectory: pathways)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    public Task InitializeAsync()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "pathways");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_pathways, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(_pathways, "blauwdruk", "herinneringtest.yaml"), ReminderPathway);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }
    }

    private Host NewHost(int smtpPort, StorageProvider provider = StorageProvider.Sqlite, string? connectionString = null)
    {
        var host = new Host(_pathways,
        [
            ("Notifications:Smtp:Host", "127.0.0.1"),
            ("Notifications:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Notifications:Smtp:Security", "None"),
            ("Notifications:Smtp:From", "Blauwdruk Rijnmond <noreply@blauwdruk.example>"),
            ("Notifications:BaseUrl", "https://blauwdruk.regio.example/"),
            ("Notifications:Webhooks:AllowHttp", "true"),
        ], provider, connectionString);
        _disposables.Add(host);
        _ = host.Services;
        return host;
    }

    private async Task<TestSmtpServer> SmtpAsync(int? port = null)
    {
        var smtp = new TestSmtpServer(port);
        await smtp.StartAsync();
        _disposables.Add(smtp);
        return smtp;
    }

    private static async Task<List<Guid>> StartAsync(Host host, int count)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
        var actor = new Actor("verloskundige-maas", ["verloskundige"], Practice);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            var started = await runner.StartAsync("herinneringtest", new StartInstance(id, $"{Reference}-{i}", "GM0599", new Dictionary<string, string>()) { By = actor }, CancellationToken.None);
            Assert.Null(started.Rejection);
            ids.Add(id);
        }

        return ids;
    }

    private static async Task AskForEmailAsync(Host host, string user, string address, params string[] types)
    {
        var saved = await host.ClientFor(user, TimeSpan.FromDays(2)).PutAsJsonAsync("/api/notifications/preferences", new { email = address, types });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    /// <summary>The reminder's hour comes: the timer worker reminds, the outbox worker delivers.</summary>
    private static async Task RemindAsync(Host host)
    {
        host.Clock.Advance(TimeSpan.FromMinutes(61));
        await host.Services.GetRequiredService<TimerWorker>().RunDueAsync(CancellationToken.None);
    }

    private static async Task<List<NotificationDelivery>> DeliveriesAsync(Host host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Set<NotificationDelivery>().AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_reminder_that_falls_due_reaches_the_SMTP_server_with_recipient_subject_and_link_and_no_client_data()
    {
        var smtp = await SmtpAsync();
        var host = NewHost(smtp.Port);
        await AskForEmailAsync(host, "verloskundige-maas", "anouk.devries@demaas.example", NotificationTexts.TaskReminder);
        var instance = Assert.Single(await StartAsync(host, 1));

        await RemindAsync(host);
        var delivered = await host.Services.GetRequiredService<OutboxWorker>().RunDueAsync(CancellationToken.None);

        Assert.Equal(1, delivered);
        var mail = Assert.Single(smtp.Received);
        await using var scope = host.Services.CreateAsyncScope();
        var task = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instance);
        Assert.Equal("anouk.devries@demaas.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("noreply@blauwdruk.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal("Herinnering: Intake plannen", mail.Subject);
        Assert.Contains($"https://blauwdruk.regio.example/taken/{task.Id}", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Reference, mail.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(instance.ToString(), mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_safety_concern_goes_to_the_practice_address_of_the_operational_pathway_and_says_only_that_a_confidential_task_waits()
    {
        var smtp = await SmtpAsync();
        var host = NewHost(smtp.Port);
        var midwife = host.ClientFor("verloskundige-maas");
        var instance = await midwife.StartFor("BR-VEILIG-1", pathway: "rijnmond-zuid");
        await midwife.RaiseAsync(instance, "safety-concern");

        await host.Services.GetRequiredService<OutboxWorker>().RunDueAsync(CancellationToken.None);

        var mail = Assert.Single(smtp.Received);
        Assert.Equal("praktijk@demaas.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("Er staat een vertrouwelijke taak voor u klaar", mail.Subject);
        Assert.DoesNotContain("Meldcode", mail.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("veiligheid", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("BR-VEILIG-1", mail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_SMTP_server_down_the_mail_is_retried_and_delivered_once_it_is_back()
    {
        var port = TestSmtpServer.FreePort();
        var host = NewHost(port);
        await AskForEmailAsync(host, "verloskundige-maas", "anouk.devries@demaas.example", NotificationTexts.TaskReminder);
        await StartAsync(host, 1);
        await RemindAsync(host);
        var worker = host.Services.GetRequiredService<OutboxWorker>();

        Assert.Equal(0, await worker.RunDueAsync(CancellationToken.None));
        var failing = Assert.Single(await DeliveriesAsync(host));
        var smtp = await SmtpAsync(port);
        Assert.Equal(0, await worker.RunDueAsync(CancellationToken.None)); // not due again before its backoff
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await worker.RunDueAsync(CancellationToken.None));

        Assert.Equal((DeliveryStatus.Failing, 1), (failing.Status, failing.Attempts));
        Assert.NotNull(failing.LastError);
        var delivered = Assert.Single(await DeliveriesAsync(host));
        Assert.Equal((DeliveryStatus.Delivered, 2), (delivered.Status, delivered.Attempts));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task A_refused_mailbox_is_dead_lettered_at_once_shown_to_the_functional_administrator_and_retried_on_her_word()
    {
        var smtp = await SmtpAsync();
        smtp.Refused["anouk.devries@demaas.example"] = true;
        var host = NewHost(smtp.Port);
        await AskForEmailAsync(host, "verloskundige-maas", "anouk.devries@demaas.example", NotificationTexts.TaskReminder);
        await StartAsync(host, 1);
        await RemindAsync(host);
        var worker = host.Services.GetRequiredService<OutboxWorker>();
        await worker.RunDueAsync(CancellationToken.None);

        var administrator = host.ClientFor("beheerder-maas", TimeSpan.FromDays(2));
        var dead = await administrator.GetFromJsonAsync<JsonElement>("/api/notifications/deliveries?status=dead-lettered");
        var row = Assert.Single(dead.GetProperty("deliveries").EnumerateArray());
        var email = dead.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email");
        Assert.Equal(("email", "anouk.devries@demaas.example", "task-reminder", 1), (row.GetProperty("channel").GetString(), row.GetProperty("target").GetString(), row.GetProperty("type").GetString(), row.GetProperty("attempts").GetInt32()));
        Assert.Contains("550", row.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, email.GetProperty("deadLettered").GetInt32());
        Assert.Empty(smtp.Received);

        // Another organisation's administrator sees none of it; a midwife is not an administrator.
        var other = await host.ClientFor("beheerder-jgz-rijnmond").GetFromJsonAsync<JsonElement>("/api/notifications/deliveries");
        Assert.Empty(other.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ClientFor("verloskundige-maas").GetAsync("/api/notifications/deliveries")).StatusCode);

        // The mailbox is mended; the administrator retries, and the next round delivers.
        smtp.Refused.Clear();
        var id = row.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.PostAsync($"/api/notifications/deliveries/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.ClientFor("beheerder-jgz-rijnmond").PostAsync($"/api/notifications/deliveries/{id}/retry", null)).StatusCode);
        Assert.Equal(1, await worker.RunDueAsync(CancellationToken.None));
        Assert.Single(smtp.Received);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(await DeliveriesAsync(host)).Status);
    }

    [Fact]
    public async Task A_webhook_receives_a_signed_CloudEvent_with_ids_and_a_link_and_a_redelivery_has_the_same_id()
    {
        await using var receiver = await TestWebhookReceiver.StartAsync();
        var host = NewHost(TestSmtpServer.FreePort());
        var administrator = host.ClientFor("beheerder-maas", TimeSpan.FromDays(2));
        var made = await administrator.PostAsJsonAsync("/api/notifications/webhooks", new { url = receiver.Url, types = ReminderTypes, description = "Praktijksysteem" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var subscription = await made.Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret = subscription.GetProperty("secret").GetString();
        Assert.StartsWith("whsec_", receiver.Secret, StringComparison.Ordinal);
        var listed = await administrator.GetFromJsonAsync<JsonElement>("/api/notifications/webhooks");
        Assert.False(Assert.Single(listed.EnumerateArray()).TryGetProperty("secret", out var shown) && shown.ValueKind != JsonValueKind.Null, "The secret is shown only once.");

        var instance = Assert.Single(await StartAsync(host, 1));
        receiver.FailAfterHandling(1);
        await RemindAsync(host);
        var worker = host.Services.GetRequiredService<OutboxWorker>();
        await worker.RunDueAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RunDueAsync(CancellationToken.None);

        var requests = receiver.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(requests[0].Id, requests[1].Id);
        var handled = Assert.Single(receiver.Handled);
        using var cloudEvent = JsonDocument.Parse(handled.Value);
        var root = cloudEvent.RootElement;
        Assert.Equal(("1.0", "nl.blauwdruk.task-reminder", handled.Key), (root.GetProperty("specversion").GetString(), root.GetProperty("type").GetString(), root.GetProperty("id").GetString()));
        Assert.Equal(instance, root.GetProperty("data").GetProperty("instanceId").GetGuid());
        Assert.StartsWith("https://blauwdruk.regio.example/taken/", root.GetProperty("data").GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Reference, handled.Value, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(await DeliveriesAsync(host)).Status);

        // A bad address is refused and changes nothing.
        var bad = await administrator.PostAsJsonAsync("/api/notifications/webhooks", new { url = "ftp://praktijk.example/hook" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Single((await administrator.GetFromJsonAsync<JsonElement>("/api/notifications/webhooks")).EnumerateArray());
    }

    [Fact]
    public async Task With_three_hosts_each_message_reaches_each_recipient_once()
    {
        var smtp = await SmtpAsync();
        await using var receiver = await TestWebhookReceiver.StartAsync();
        var database = $"{TestDatabases.Create(StorageProvider.Postgres)};Maximum Pool Size=30";
        var hosts = Enumerable.Range(0, 3).Select(_ => NewHost(smtp.Port, StorageProvider.Postgres, database)).ToList();
        await AskForEmailAsync(hosts[0], "verloskundige-maas", "anouk.devries@demaas.example", NotificationTexts.TaskReminder);
        var made = await hosts[1].ClientFor("beheerder-maas").PostAsJsonAsync("/api/notifications/webhooks", new { url = receiver.Url });
        receiver.Secret = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        await StartAsync(hosts[0], 30);
        await RemindAsync(hosts[0]);
        foreach (var host in hosts.Skip(1))
        {
            host.Clock.Advance(TimeSpan.FromMinutes(61));
        }

        var rounds = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.Services.GetRequiredService<OutboxWorker>().RunDueAsync(CancellationToken.None))));
        var again = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.Services.GetRequiredService<OutboxWorker>().RunDueAsync(CancellationToken.None))));

        Assert.Equal(60, rounds.Sum());
        Assert.Equal(0, again.Sum());
        Assert.Equal(30, smtp.Received.Count);
        Assert.Equal(30, smtp.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(30, receiver.Requests.Count);
        Assert.Equal(30, receiver.Handled.Count);
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        var deliveries = await DeliveriesAsync(hosts[2]);
        Assert.Equal(60, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
    }
}
