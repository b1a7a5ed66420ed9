using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Api.Tasks;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Instances;

/// <summary>
/// The worklist a page at a time, with a keyset cursor: every open task once, in the worklist's order (the
/// earliest due date first, none last; then the order they opened), also while tasks change between pages.
/// Runs on both databases, whose orders of a missing date and of ids differ.
/// </summary>
public abstract class WorklistPagingTests(BlauwdrukApiFactory factory)
{
    private const string Maas = "ura:90000101";
    private HttpClient Midwife { get; } = factory.ClientFor("verloskundige-maas");

    /// <summary>A real instance, and <paramref name="count"/> more open tasks of it written straight into the worklist's table.</summary>
    private async Task<(InstanceResponse Instance, List<TaskRecord> Added)> InstanceWithTasks(string client, int count, Func<int, TaskRecord, TaskRecord> shape)
    {
        var instance = await Midwife.StartFor(client);
        var now = factory.Clock.GetUtcNow();
        var added = Enumerable.Range(0, count).Select(i => shape(i, new TaskRecord
        {
            Id = Guid.NewGuid(), InstanceId = instance.Id, PathwayId = instance.PathwayId, PathwayVersion = instance.PathwayVersion,
            StepId = "INTAKE", Role = "verloskundige", OrganisationId = Maas, Status = PathwayTaskStatus.Requested, ActivatedAt = now,
        })).ToList();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        db.Tasks.AddRange(added);
        await db.SaveChangesAsync();
        return (instance, added);
    }

    /// <summary>Follows <c>Link: rel="next"</c> from the first page to the last.</summary>
    private async Task<List<List<TaskResponse>>> AllPages(string first)
    {
        var pages = new List<List<TaskResponse>>();
        for (var url = first; url is not null && pages.Count < 50;)
        {
            var response = await Midwife.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await response.Content.ReadFromJsonAsync<List<TaskResponse>>())!);
            url = response.Headers.TryGetValues("Link", out var links) ? Next(links.Single()) : null;
        }

        return pages;
    }

    private static string Next(string link)
    {
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Pages_follow_the_next_link_and_give_every_open_task_once_in_the_worklists_order()
    {
        var start = factory.Clock.GetUtcNow();
        // Due dates with ties (same date, same activation: the id decides), some with none, one closed and one of another practice.
        var (instance, added) = await InstanceWithTasks("CL-PAGES", 11, (i, t) =>
        {
            t.DueAt = i < 8 ? start.AddDays(30 + (i / 3)) : null;
            t.ActivatedAt = start.AddMinutes(i % 2);
            t.Status = i == 5 ? PathwayTaskStatus.Completed : i == 6 ? PathwayTaskStatus.OnHold : PathwayTaskStatus.Requested;
            t.OrganisationId = i == 7 ? "ura:90000102" : Maas;
            return t;
        });

        var pages = await AllPages($"/api/tasks?instance={instance.Id}&limit=3");

        var open = added.Where(t => t.Status != PathwayTaskStatus.Completed && t.OrganisationId == Maas).Select(t => t.Id).Append(instance.OpenTasks.Single().Id);
        var seen = pages.SelectMany(p => p).ToList();
        Assert.Equal(open.Order(), seen.Select(t => t.Id).Order());
        Assert.All(pages[..^1], page => Assert.Equal(3, page.Count));
        Assert.InRange(pages[^1].Count, 1, 3);
        Assert.Equal(seen.OrderBy(t => t.DueAt is null).ThenBy(t => t.DueAt).ThenBy(t => t.ActivatedAt).Select(t => t.Id), seen.Select(t => t.Id));
        Assert.Contains(seen, t => t.Status == "on-hold");
    }

    [Fact]
    public async Task The_next_link_keeps_the_filters_and_the_page_size()
    {
        var (instance, _) = await InstanceWithTasks("CL-PAGE-FILTER", 4, (i, t) => { t.DueAt = factory.Clock.GetUtcNow().AddDays(40 + i); return t; });

        var response = await Midwife.GetAsync($"/api/tasks?instance={instance.Id}&step=INTAKE&limit=2");

        var next = Next(response.Headers.GetValues("Link").Single());
        Assert.StartsWith("/api/tasks?", next, StringComparison.Ordinal);
        Assert.Contains($"instance={instance.Id}", next, StringComparison.Ordinal);
        Assert.Contains("step=INTAKE", next, StringComparison.Ordinal);
        Assert.Contains("limit=2", next, StringComparison.Ordinal);
        var again = await Midwife.GetAsync(next);
        var afterNext = Next(again.Headers.GetValues("Link").Single());
        Assert.Single(afterNext.Split('&'), p => p.StartsWith("after=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_that_closes_or_opens_between_pages_neither_repeats_nor_hides_the_others()
    {
        var start = factory.Clock.GetUtcNow();
        var (instance, added) = await InstanceWithTasks("CL-PAGE-MOVE", 6, (i, t) => { t.DueAt = start.AddDays(50 + i); return t; });
        var first = await Midwife.GetAsync($"/api/tasks?instance={instance.Id}&limit=3");
        var earlier = Guid.NewGuid();
        var firstPage = (await first.Content.ReadFromJsonAsync<List<TaskResponse>>())!;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
            var closing = await db.Tasks.SingleAsync(t => t.Id == added[4].Id);
            closing.Status = PathwayTaskStatus.Completed;
            db.Tasks.Add(new TaskRecord
            {
                Id = earlier, InstanceId = instance.Id, PathwayId = instance.PathwayId, PathwayVersion = instance.PathwayVersion, StepId = "INTAKE",
                Role = "verloskundige", OrganisationId = Maas, Status = PathwayTaskStatus.Requested, ActivatedAt = start, DueAt = start.AddDays(1),
            });
            await db.SaveChangesAsync();
        }

        var rest = (await AllPages(Next(first.Headers.GetValues("Link").Single()))).SelectMany(p => p).Select(t => t.Id).ToList();

        Assert.Empty(rest.Intersect(firstPage.Select(t => t.Id)));
        Assert.DoesNotContain(added[4].Id, rest);
        Assert.Equal([instance.OpenTasks.Single().Id, added[0].Id, added[1].Id], firstPage.Select(t => t.Id));
        Assert.Equal([added[2].Id, added[3].Id, added[5].Id], rest);
        Assert.DoesNotContain(earlier, rest); // it belongs before the cursor: the first page shows it when read again
    }

    [Fact]
    public async Task Fifty_tasks_are_a_page_when_no_size_is_asked()
    {
        var (instance, _) = await InstanceWithTasks("CL-PAGE-DEFAULT", 55, (i, t) => { t.DueAt = factory.Clock.GetUtcNow().AddDays(60); return t; });

        var pages = await AllPages($"/api/tasks?instance={instance.Id}");

        Assert.Equal([50, 6], pages.Select(p => p.Count));
    }

    [Theory]
    [InlineData("after=bm90LWEtY3Vyc29y", "'after'")]
    [InlineData("after=%25%25", "'after'")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    public async Task A_bad_cursor_or_page_size_is_a_problem_that_says_what_to_do(string query, string names)
    {
        var response = await Midwife.GetAsync($"/api/tasks?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains(names, (problem.Detail ?? "") + string.Join(' ', (problem.Extensions.TryGetValue("errors", out var errors) ? errors?.ToString() : null) ?? ""), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class WorklistPagingOnSqlite(SqliteApiFactory factory) : WorklistPagingTests(factory), IClassFixture<SqliteApiFactory>;

public sealed class WorklistPagingOnPostgres(PostgresApiFactory factory) : WorklistPagingTests(factory), IClassFixture<PostgresApiFactory>;
