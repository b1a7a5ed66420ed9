namespace Blauwdruk.Designer.Components.Account;

/// <summary>A demo user offered on the Development login page.</summary>
public sealed record DemoLoginUser(string Id, string Name, string RoleLabel, string Organisation, string Region);
