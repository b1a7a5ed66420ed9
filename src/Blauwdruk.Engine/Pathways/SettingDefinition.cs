namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// A number the standard leaves to each region within bounds — how many answers about own resources mean
/// "few own resources", how many risk domains make a woman vulnerable. Facts read it as <c>%id</c>; a
/// region's overlay chooses a value between <see cref="Min"/> and <see cref="Max"/> (<c>settings:</c>).
/// </summary>
public sealed record SettingDefinition(string Id, string Label, int Default, int Min, int Max)
{
    /// <summary>The region's choice; null keeps the standard's <see cref="Default"/>.</summary>
    public int? Chosen { get; init; }

    public int Value => Chosen ?? Default;
}
