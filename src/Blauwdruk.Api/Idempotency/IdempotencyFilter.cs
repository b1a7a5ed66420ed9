using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Api.Idempotency;

/// <summary>
/// Mutating API calls accept an <c>Idempotency-Key</c> header: the first answer is kept per user and
/// key, and a retry gets that same answer without running the command again. The same key with
/// another request is refused (422). For a command on an instance the key travels with the command
/// (<see cref="Auth.Caller.Idempotency"/>) and the runner records it in the same batch as the command's
/// events, so a crash between the commit and the answer cannot run it twice; a retry runs the handler,
/// whose runner gives the first answer again. Other calls (pathway drafts, publishing) keep their
/// answer here, after it was given.
/// </summary>
internal sealed class IdempotencyFilter(TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (HttpMethods.IsGet(http.Request.Method) || string.IsNullOrEmpty(key) || http.User.ToActor() is not { } actor)
        {
            return await next(context);
        }

        if (key.Length > 100)
        {
            return TypedResults.Problem(detail: "Een Idempotency-Key is hoogstens 100 tekens.", statusCode: StatusCodes.Status400BadRequest);
        }

        var db = http.RequestServices.GetRequiredService<BlauwdrukDbContext>();
        var hash = RequestHash(context);
        var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == actor.UserId && r.Key == key, http.RequestAborted);
        if (stored is not null && stored.RequestHash != hash)
        {
            return TypedResults.Problem(detail: "Deze Idempotency-Key is al gebruikt voor een ander verzoek; gebruik per verzoek een nieuwe sleutel.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (stored is { StatusCode: not 0 })
        {
            return new StoredResult(stored);
        }

        http.Items[typeof(IdempotencyKey)] = new IdempotencyKey(key, hash);
        if (stored is not null)
        {
            // The runner recorded what the command did; it answers again from that, running nothing.
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return await next(context);
        }

        var result = await next(context);
        if (http.Items.ContainsKey(Caller.TakenByCommand))
        {
            return result;
        }

        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (answer is IStatusCodeHttpResult { StatusCode: { } status })
        {
            db.ChangeTracker.Clear();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = actor.UserId,
                Key = key,
                RequestHash = hash,
                StatusCode = status,
                Location = LocationOf(answer),
                Body = answer is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null,
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException)
            {
                // A concurrent retry with the same key stored its answer first; this one stands as it is.
                db.ChangeTracker.Clear();
            }
        }

        return result;
    }

    private static string? LocationOf(object? result) => result?.GetType().GetProperty("Location")?.GetValue(result) as string;

    /// <summary>A hash of what the client sent: method, path, query and the request records bound from the body (not the services a handler receives, nor the caller).</summary>
    private static string RequestHash(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        var arguments = context.Arguments
            .Where(a => a is null || a.GetType().Namespace?.StartsWith("Blauwdruk.Api.", StringComparison.Ordinal) == true && a is not Caller)
            .Select(a => a is null ? "null" : JsonSerializer.Serialize(a, a.GetType()));
        var text = $"{request.Method} {request.Path}{request.QueryString}\n{string.Join("\n", arguments)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The first answer, replayed.</summary>
    private sealed class StoredResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            if (record.Body is not null)
            {
                httpContext.Response.ContentType = record.StatusCode >= 400 ? "application/problem+json" : "application/json";
                await httpContext.Response.WriteAsync(record.Body, httpContext.RequestAborted);
            }
        }
    }
}
