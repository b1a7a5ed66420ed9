namespace Blauwdruk.Designer.Components.Account;

/// <summary>A demo client offered on the Development login page: she signs in as herself, as with DigiD.</summary>
public sealed record DemoLoginClient(string Id, string Name, string Situation);
