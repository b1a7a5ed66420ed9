using System.Text.RegularExpressions;

namespace Blauwdruk.Engine;

/// <summary>What the product accepts as contact data a person types: one rule for an overlay's addresses and a user's own.</summary>
public static partial class ContactFormats
{
    /// <summary>An e-mail address: one <c>@</c>, a dot in the domain, no spaces (naam@domein.nl).</summary>
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public static partial Regex EmailAddress();
}
