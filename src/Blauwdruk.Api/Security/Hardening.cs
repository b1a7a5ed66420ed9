using Blauwdruk.Engine.Runtime;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Blauwdruk.Api.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Api.Security;

/// <summary>Section <c>Limits</c>.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 100_000_000)]
    public long MaxRequestBodyBytes { get; set; } = 1_000_000;

    /// <summary>Changes (POST, PUT, DELETE) one user may make per minute.</summary>
    [Range(1, 100_000)]
    public int ChangesPerUserPerMinute { get; set; } = 300;
}

/// <summary>
/// The host's defences: a cap on request bodies (413), a per-user rate limit on changes (429), both
/// answered with ProblemDetails; security headers on every response, and no caching of client data.
/// Cross-origin requests are not allowed (no CORS policy is registered).
/// </summary>
internal static class Hardening
{
    public const string ChangesPolicy = "changes";

    public static IServiceCollection AddHardening(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ChangesPolicy, http =>
            {
                if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("reads");
                }

                var perMinute = http.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.ChangesPerUserPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.User.ToActor()?.UserId ?? http.User.FindFirst(BlauwdrukClaims.Subject)?.Value ?? "anonymous",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "Te veel wijzigingen in korte tijd; probeer het over een minuut opnieuw." },
                });
            };
        });
        return services;
    }

    public static IApplicationBuilder UseHardening(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/fhir"))
            {
                headers.CacheControl = "no-store";
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            var limit = http.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRequestBodyBytes;
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (http.Request.ContentLength > limit)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Detail = $"Het verzoek is groter dan {limit / 1000} kB; stuur minder tegelijk." },
                });
                return;
            }

            await next(http);
        });
}
