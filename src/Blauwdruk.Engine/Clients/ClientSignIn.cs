namespace Blauwdruk.Engine.Clients;

/// <summary>How a client's sign-in is accepted: the levels of assurance (the provider's <c>acr</c> values) that count as DigiD Substantieel or higher.</summary>
public sealed record ClientSignIn(IReadOnlyCollection<string> AcceptedAssurance);
