using Blauwdruk.Engine.Clients;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Blauwdruk.Designer.Components;

/// <summary>
/// A page of the client herself: signed in through DigiD (brokered by the identity provider) with her
/// verified BSN at an accepted level of assurance (<see cref="ClientPerson"/>). Everything she sees comes
/// through <see cref="ClientPortal"/>, which matches her BSN and logs every access.
/// </summary>
public abstract class ClientSignedInPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ClientSignIn SignIn { get; set; } = null!;

    /// <summary>She, as the provider vouched for her; null for anyone else (a professional, a sign-in below the level).</summary>
    protected ClientPerson? Person { get; private set; }

    /// <summary>Her name as the sign-in gives it, for the greeting.</summary>
    protected string? GivenName { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        if (Authentication is not null)
        {
            var user = (await Authentication).User;
            Person = user.ToClientPerson(SignIn.AcceptedAssurance);
            GivenName = user.FindFirst(Engine.BlauwdrukClaims.Name)?.Value;
        }

        await OnSignedInAsync();
    }

    protected virtual Task OnSignedInAsync() => Task.CompletedTask;
}
