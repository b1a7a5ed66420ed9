namespace Blauwdruk.Engine;

/// <summary>The host's two authorisation policies, by name: the API and the web pages ask for them (the host defines them).</summary>
public static class BlauwdrukPolicies
{
    /// <summary>A care professional, coordinator or system of an organisation: signed in, with an organisation (<c>org</c>).</summary>
    public const string Professional = "Professional";

    /// <summary>A client signed in as herself, at an accepted level of assurance (<see cref="BlauwdrukClaims.ToClientPerson"/> not null).</summary>
    public const string Client = "Client";
}
