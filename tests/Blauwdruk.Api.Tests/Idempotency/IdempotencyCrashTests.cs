using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Idempotency;

/// <summary>
/// A host that dies between a command's commit and its answer: the client never hears back, and retries
/// with the same key on another host. The command's idempotency record was written in the command's own
/// batch, so the retry gets the first answer and nothing runs twice.
/// </summary>
public abstract class IdempotencyCrashTests(StorageProvider provider) : IDisposable
{
    private readonly BlauwdrukApiFactory _survivor = new(provider);
    private CrashingHost? _crashing;

    private CrashingHost Crashing => _crashing ??= new CrashingHost(provider, _survivor.ConnectionString);

    [Fact]
    public async Task A_retry_after_a_crash_between_commit_and_answer_gets_the_first_answer_and_runs_nothing_twice()
    {
        var midwife = _survivor.ClientFor("verloskundige-maas");
        var started = await midwife.StartFor("CL-CRASH", pathway: "blauwdruk");
        var intake = started.OpenTasks.Single(t => t.StepId == "INTAKE").Id;
        var events = await JournalCountAsync(started.Id);

        // The first host commits the completion and dies before it answers.
        await Assert.ThrowsAnyAsync<Exception>(() => Crashing.ClientFor("verloskundige-maas").SendAsync(Complete(intake, crash: true)));
        var afterCrash = await JournalCountAsync(started.Id);
        Assert.True(afterCrash > events, "the command committed before the host died");

        // The client retries on another host with the same key: the first answer, nothing run again.
        var retry = await midwife.SendAsync(Complete(intake, crash: false));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var answer = (await retry.Content.ReadFromJsonAsync<InstanceResponse>())!;
        Assert.DoesNotContain(answer.OpenTasks, t => t.Id == intake);
        Assert.Contains(answer.OpenTasks, t => t.StepId == "ID_BSN");
        Assert.Equal(afterCrash, await JournalCountAsync(started.Id));

        // Without the key the same request is a new command, and the task is already done.
        var again = await midwife.PostAsJsonAsync($"/api/tasks/{intake}/complete", new { outcome = "afgerond" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_refused_command_is_kept_with_its_key_and_answered_the_same_again()
    {
        var gynaecologist = _survivor.ClientFor("gynaecoloog-zuid");
        var midwife = _survivor.ClientFor("verloskundige-maas");
        var started = await midwife.StartFor("CL-REFUSED", pathway: "blauwdruk");
        using var first = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{started.Id}/close") { Content = JsonContent.Create(new { reason = "verhuisd" }) };
        first.Headers.Add("Idempotency-Key", "close-refused");
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{started.Id}/close") { Content = JsonContent.Create(new { reason = "verhuisd" }) };
        retry.Headers.Add("Idempotency-Key", "close-refused");

        var refused = await gynaecologist.SendAsync(first);
        var replayed = await gynaecologist.SendAsync(retry);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(refused.StatusCode, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        await using var scope = _survivor.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().IdempotencyRecords.AsNoTracking()
            .SingleAsync(r => r.Key == "close-refused");
        Assert.Equal("NotFound", record.Rejection);
    }

    private static HttpRequestMessage Complete(Guid task, bool crash)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task}/complete") { Content = JsonContent.Create(new { outcome = "afgerond" }) };
        request.Headers.Add("Idempotency-Key", $"complete-{task}");
        if (crash)
        {
            request.Headers.Add(CrashingHost.Header, "after-commit");
        }

        return request;
    }

    private async Task<int> JournalCountAsync(Guid instance)
    {
        await using var scope = _survivor.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Journal.CountAsync(e => e.InstanceId == instance);
    }

    public void Dispose()
    {
        _crashing?.Dispose();
        _survivor.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The host as it runs, on the same database, that aborts the connection once a request marked to crash has run: its answer never leaves.</summary>
    private sealed class CrashingHost(StorageProvider provider, string connectionString) : BlauwdrukApiFactory(provider, connectionString: connectionString)
    {
        public const string Header = "X-Test-Crash";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, CrashAfterCommit>());
        }

        private sealed class CrashAfterCommit : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (http, inner) =>
                {
                    if (!http.Request.Headers.ContainsKey(Header))
                    {
                        await inner(http);
                        return;
                    }

                    // The answer is written to nowhere, then the process "dies": the client gets no answer at all.
                    http.Response.Body = Stream.Null;
                    await inner(http);
                    http.Abort();
                });
                next(app);
            };
        }
    }
}

public sealed class IdempotencyCrashOnSqlite() : IdempotencyCrashTests(StorageProvider.Sqlite);

public sealed class IdempotencyCrashOnPostgres() : IdempotencyCrashTests(StorageProvider.Postgres);
