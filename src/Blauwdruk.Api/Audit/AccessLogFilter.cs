using Blauwdruk.Engine.Runtime;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Storage;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Api.Audit;

/// <summary>
/// Every read through the API and the FHIR facade goes to the access log before its answer is sent:
/// allowed (2xx/3xx) or denied (403/404), with the client it was about. If the entry cannot be
/// written, the request fails and nothing is served. Writes are logged by the runner, in the same
/// transaction as the change.
/// </summary>
internal sealed class AccessLogFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) || http.User.ToActor() is not { } actor)
        {
            return result;
        }

        var status = (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        var outcome = status switch
        {
            < 400 => AccessLog.Allowed,
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound => AccessLog.Denied,
            _ => null,
        };
        if (outcome is null)
        {
            return result;
        }

        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.ToString();
        var handover = pattern.StartsWith("/fhir/Bundle", StringComparison.Ordinal) || pattern.StartsWith("/fhir/Composition", StringComparison.Ordinal) || pattern.Contains("/handover/", StringComparison.Ordinal);
        // A list is an access to each client it shows; one about nobody (empty, or no client data) is still an access.
        var log = http.RequestServices.GetRequiredService<AccessLog>();
        var (resource, purpose, detail) = ($"GET {pattern}", handover ? "handover" : "care", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await (ClientsOfList(result) is { Count: > 0 } listed
            ? log.RecordListAsync(actor, AccessLog.Read, resource, listed, purpose, outcome, detail, http.RequestAborted)
            : log.RecordAsync(actor, AccessLog.Read, resource, await ClientOf(http, pattern), purpose, outcome, detail, http.RequestAborted));
        return result;
    }

    /// <summary>The clients a list answer shows: the worklist's tasks, a FHIR search's page.</summary>
    private static List<string>? ClientsOfList(object? result)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        IEnumerable<Guid>? ids = inner switch
        {
            IValueHttpResult { Value: IEnumerable<Tasks.TaskResponse> tasks } => tasks.Select(t => t.InstanceId),
            Fhir.FhirResult { Clients: { } searched } => searched,
            _ => null,
        };
        return ids?.Select(id => id.ToString()).ToList();
    }

    /// <summary>The client (instance id) a read was about, from the route's id; null for lists or unknown ids.</summary>
    private static async Task<string?> ClientOf(HttpContext http, string pattern)
    {
        if (http.Request.RouteValues["id"]?.ToString() is not { } text || !Guid.TryParse(text, out var id))
        {
            return null;
        }

        if (pattern.StartsWith("/api/instances/", StringComparison.Ordinal) || pattern.StartsWith("/fhir/CarePlan/", StringComparison.Ordinal))
        {
            return id.ToString();
        }

        var db = http.RequestServices.GetRequiredService<BlauwdrukDbContext>();
        Guid? instance = pattern.StartsWith("/fhir/Bundle/", StringComparison.Ordinal) || pattern.StartsWith("/fhir/Composition/", StringComparison.Ordinal)
            ? await db.HandoverDocuments.AsNoTracking().Where(h => h.Id == id).Select(h => (Guid?)h.InstanceId).SingleOrDefaultAsync(http.RequestAborted)
            : await db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(t => (Guid?)t.InstanceId).SingleOrDefaultAsync(http.RequestAborted);
        return instance?.ToString();
    }
}
