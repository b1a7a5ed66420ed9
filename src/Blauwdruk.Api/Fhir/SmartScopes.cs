using Blauwdruk.Engine.Runtime;
using Blauwdruk.Api.Auth;
using Blauwdruk.Engine.Audit;
using Hl7.Fhir.Model;

namespace Blauwdruk.Api.Fhir;

/// <summary>
/// SMART-on-FHIR style scopes for the facade. A token that carries scopes (a system client, e.g. a JGZ
/// system with client credentials) may only do what they grant: <c>system/Bundle.read</c>,
/// <c>user/Task.write</c>, <c>system/*.read</c>, … (SMART v1 <c>read</c>/<c>write</c>/<c>*</c>, and v2
/// <c>r</c>/<c>s</c> for reads, <c>u</c> for updates). A token without scopes is a person, whose role and
/// organisation rules apply as everywhere else.
/// </summary>
internal sealed class SmartScopes : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var scopes = http.User.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var segments = http.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (scopes.Count == 0 || segments.Length < 2)
        {
            return await next(context);
        }

        var resource = segments[1];
        var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        if (scopes.Any(scope => Grants(scope, resource, write)))
        {
            return await next(context);
        }

        // A refused read is logged by the access log filter around this one; a refused change here.
        if (write && http.User.ToActor() is { } actor)
        {
            await http.RequestServices.GetRequiredService<AccessLog>().RecordAsync(actor, AccessLog.Write, $"{http.Request.Method} /fhir/{resource}", null, "handover",
                AccessLog.Denied, "scope", http.RequestAborted);
        }

        return FhirResult.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
            $"Het token geeft geen toegang tot {(write ? "wijzigen" : "lezen")} van {resource}; nodig is bijvoorbeeld system/{resource}.{(write ? "write" : "read")}.");
    }

    /// <summary>Whether one scope (<c>context/Type.permission</c>) allows reading or writing a resource type.</summary>
    public static bool Grants(string scope, string resource, bool write)
    {
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var dot = scope.LastIndexOf('.');
        if (slash <= 0 || dot <= slash || scope[..slash] is not ("system" or "user" or "patient"))
        {
            return false;
        }

        var type = scope[(slash + 1)..dot];
        var permission = scope[(dot + 1)..];
        if (type != "*" && type != resource)
        {
            return false;
        }

        return permission == "*" || (write ? permission is "write" || permission.Contains('u', StringComparison.Ordinal) : permission is "read" || permission.Contains('r', StringComparison.Ordinal) || permission.Contains('s', StringComparison.Ordinal));
    }
}
