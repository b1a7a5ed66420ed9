using Blauwdruk.Designer.Components.Care;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blauwdruk.Designer.Components;

public static class DesignerServiceCollectionExtensions
{
    /// <summary>
    /// The Designer: its Razor components, rendered interactively on the server, and the engine
    /// services its pages call, one scope per call (<see cref="Scoped{T}"/>).
    /// </summary>
    public static IServiceCollection AddBlauwdrukDesigner(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton(typeof(Scoped<>));
        services.TryAddSingleton(Colleagues.None);
        return services;
    }
}
