using System.Reflection;
using Blauwdruk.Api.Problems;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Api.Auth;

/// <summary>
/// The signed-in caller as the engine knows them, bound once per request as a handler parameter (as
/// davidfowl/TodoApi's <c>CurrentUser</c>): the <see cref="Engine.Actor"/>, and the request's idempotency key
/// when it carries one (<see cref="Idempotency.IdempotencyFilter"/>), which travels with the command. The group's
/// <see cref="RequireActor"/> filter has already answered a token that names no user or organisation.
/// </summary>
public sealed class Caller
{
    private readonly HttpContext _http;
    private readonly Actor? _actor;

    private Caller(HttpContext http)
    {
        _http = http;
        _actor = http.User.ToActor();
    }

    public Actor Actor => _actor ?? throw new InvalidOperationException("The endpoint's group must have the RequireActor filter.");

    /// <summary>
    /// The request's idempotency key and hash, set by the idempotency filter; null without the header. A
    /// handler that takes it hands it to the runner, which records it with the command; the filter then
    /// keeps no answer of its own.
    /// </summary>
    public IdempotencyKey? Idempotency
    {
        get
        {
            var key = _http.Items[typeof(IdempotencyKey)] as IdempotencyKey;
            if (key is not null)
            {
                _http.Items[TakenByCommand] = true;
            }

            return key;
        }
    }

    internal const string TakenByCommand = "Blauwdruk.IdempotencyKey.TakenByCommand";

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<Caller?>(new Caller(context));
    }
}

/// <summary>On an API group: a token that does not say who the user is or for which organisation they work gets a 403 ProblemDetails before any handler runs.</summary>
internal sealed class RequireActor : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return context.HttpContext.User.ToActor() is null ? ValueTask.FromResult<object?>(RejectionProblems.NoActor()) : next(context);
    }
}
