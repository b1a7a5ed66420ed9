using System.Reflection;

namespace Blauwdruk.Api.Auth;

/// <summary>
/// The client signed in as herself, bound once per request as a handler parameter (as <see cref="Caller"/> is for a
/// professional). Only on routes with the <see cref="BlauwdrukPolicies.Client"/> policy, which has already refused
/// anyone else.
/// </summary>
public sealed class SignedInClient
{
    private SignedInClient(ClientPerson person) => Person = person;

    public ClientPerson Person { get; }

    public static ValueTask<SignedInClient?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<SignedInClient?>(new SignedInClient(PersonOf(context)));
    }

    /// <summary>She, from the request of a route with the Client policy.</summary>
    public static ClientPerson PersonOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accepted = context.RequestServices.GetRequiredService<AuthOptions>().Client.Accepted;
        return context.User.ToClientPerson(accepted)
            ?? throw new InvalidOperationException("A route that binds the signed-in client must have the Client policy.");
    }
}
