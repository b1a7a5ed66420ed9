using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Runtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Blauwdruk.Designer.Components;

/// <summary>
/// A page for a signed-in user: the engine's view of them (<see cref="Actor"/>). The page injects the
/// engine services it calls through <see cref="Scoped{T}"/>: the engine's application layer, with the
/// same rules and access log as the API.
/// </summary>
public abstract class SignedInPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    protected TimeProvider Time { get; set; } = null!;

    /// <summary>The signed-in user; null when the login names no user or organisation.</summary>
    protected Actor? Actor { get; private set; }

    protected string DisplayName { get; private set; } = "";

    protected override async Task OnInitializedAsync()
    {
        if (Authentication is not null)
        {
            var user = (await Authentication).User;
            Actor = user.ToActor();
            DisplayName = user.FindFirst(BlauwdrukClaims.Name)?.Value ?? Actor?.UserId ?? "";
        }

        await OnSignedInAsync();
    }

    /// <summary>Loads the page once the user is known.</summary>
    protected virtual Task OnSignedInAsync() => Task.CompletedTask;

    /// <summary>The signed-in user's own start page, and its name in a sentence ("terug naar de …").</summary>
    protected (string Href, string Name) Home => StartPage(Actor?.Roles ?? []) switch
    {
        "/overdrachten" => ("/overdrachten", "overdrachten"),
        "/zorgpaden" => ("/zorgpaden", "zorgpaden"),
        "/mijn" => ("/mijn", "eigen pagina"),
        "/meldingen/beheer" => ("/meldingen/beheer", "meldingen"),
        _ => ("/werklijst", "werklijst"),
    };

    /// <summary>
    /// Where each role starts: the worklist for care professionals, the inbox for the JGZ, the pathways for
    /// coordinators, her own page for a client signed in as herself.
    /// </summary>
    public static string StartPage(IEnumerable<string> roles) =>
        roles.Contains(Access.ClientRole) ? "/mijn"
        : roles.Contains("jgz-verpleegkundige") ? "/overdrachten"
        : roles.Any(r => r is PathwayVersions.CoordinatorRole or "sjabloonbeheerder") ? "/zorgpaden"
        : roles.Contains(Blauwdruk.Engine.Notifications.NotificationCentre.AdministratorRole) ? "/meldingen/beheer"
        : "/werklijst";
}
