using System.Globalization;
using Blauwdruk.Engine.Handover;

namespace Blauwdruk.Tests.Journeys;

/// <summary>
/// A made-up BSN that passes the eleven-test and that no other test of this run uses: tests share a
/// database, and a BSN held by another active pathway of the organisation is refused (one pathway per
/// client), so every client a test starts gets her own.
/// </summary>
internal static class TestBsn
{
    private static int next = Random.Shared.Next(100_000_000, 900_000_000);

    public static string Fresh()
    {
        while (true)
        {
            var candidate = Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
            if (RecordIdentity.IsValidBsn(candidate))
            {
                return candidate;
            }
        }
    }
}
