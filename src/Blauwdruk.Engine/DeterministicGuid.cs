using System.Security.Cryptography;
using System.Text;

namespace Blauwdruk.Engine;

/// <summary>
/// Version-8 (name-based, RFC 9562) UUIDs derived from a name by SHA-256: the same name gives the same id,
/// so that deciding stays pure, replay gives the same task ids, and a document's resources keep theirs.
/// </summary>
public static class DeterministicGuid
{
    public static Guid From(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return From(Encoding.UTF8.GetBytes(name));
    }

    public static Guid From(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name, hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }
}
