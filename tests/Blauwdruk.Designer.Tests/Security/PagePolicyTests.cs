using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Blauwdruk.Designer.Tests.Security;

/// <summary>
/// Every page of the web app is for professionals (the <c>Professional</c> policy, set per page folder in its
/// <c>_Imports.razor</c>), except the client's own pages under <c>/mijn</c> (the <c>Client</c> policy), the
/// access-denied page and the start page, which only sends each user on to their own start page. A new page
/// without its policy fails here.
/// </summary>
public sealed class PagePolicyTests
{
    private static readonly string[] Open = ["/geen-toegang", "/"];

    [Fact]
    public void Every_page_but_the_access_denied_and_start_pages_is_for_professionals()
    {
        var pages = typeof(Components.SignedInPage).Assembly.GetTypes()
            .Select(type => (type, routes: type.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList()))
            .Where(page => page.routes.Count > 0)
            .ToList();

        static string PolicyOf((Type Type, List<string> Routes) page) => page.Routes.All(r => r == "/mijn" || r.StartsWith("/mijn/", StringComparison.Ordinal))
            ? BlauwdrukPolicies.Client
            : BlauwdrukPolicies.Professional;
        var unguarded = pages
            .Where(page => !page.routes.Any(Open.Contains))
            .Where(page => page.type.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).SingleOrDefault() != PolicyOf(page))
            .Select(page => string.Join(", ", page.routes))
            .ToList();

        Assert.True(pages.Count > 10, $"Found only {pages.Count} pages: the reflection no longer sees them.");
        Assert.True(unguarded.Count == 0, $"Pages without their policy (Professional, or Client under /mijn): {string.Join("; ", unguarded)}");
        Assert.Equal(3, pages.Count(page => PolicyOf(page) == BlauwdrukPolicies.Client));
        Assert.Contains(pages, page => page.routes.Contains("/geen-toegang") && page.type.GetCustomAttribute<AllowAnonymousAttribute>() is not null);
    }
}
