using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Designer.Components;

/// <summary>
/// An engine service for one call at a time, each from a scope of its own: an interactive page lives
/// long and its calls may overlap (a refresh timer and a click), so it must never share one database
/// context between them. Pages inject it typed (<c>@inject Scoped&lt;CareReads&gt; Reads</c>), so what
/// a page uses is visible in its first lines.
/// </summary>
public sealed class Scoped<T>(IServiceScopeFactory scopes)
    where T : notnull
{
    /// <summary>Runs the work on a <typeparamref name="T"/> from a fresh scope, disposed when the work is done.</summary>
    public async Task<TResult> RunAsync<TResult>(Func<T, Task<TResult>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<T>());
    }

    /// <summary>A synchronous call (a check while the user types), in a scope of its own.</summary>
    public TResult Run<TResult>(Func<T, TResult> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var scope = scopes.CreateScope();
        return work(scope.ServiceProvider.GetRequiredService<T>());
    }
}
