using System.ComponentModel.DataAnnotations;

namespace Blauwdruk.Engine.Pathways;

/// <summary>Section <c>Pathways</c>.</summary>
public sealed class PathwayOptions
{
    public const string Section = "Pathways";

    /// <summary>The folder holding <c>blauwdruk/</c> (templates) and <c>regio/</c> (operational pathways).</summary>
    [Required]
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "pathways");
}
