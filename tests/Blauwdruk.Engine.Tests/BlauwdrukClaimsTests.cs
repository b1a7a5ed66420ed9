using System.Security.Claims;

namespace Blauwdruk.Engine.Tests;

/// <summary>A client signed in as herself is read from her token only when it is hers and strong enough; a professional never is.</summary>
public sealed class BlauwdrukClaimsTests
{
    private const string Substantial = "http://eidas.europa.eu/LoA/substantial";
    private static readonly string[] Accepted = [Substantial, "http://eidas.europa.eu/LoA/high"];

    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Fact]
    public void A_client_signed_in_with_digid_substantial_is_read_with_her_subject_bsn_and_level()
    {
        var person = Token(("sub", "digid-4711"), ("bsn", "999911120"), ("acr", Substantial), ("role", "client")).ToClientPerson(Accepted);

        Assert.Equal(new ClientPerson("digid-4711", "999911120", Substantial), person);
        Assert.DoesNotContain("999911120", person!.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> NotAClient => new()
    {
        { "a professional (an organisation), even with a BSN", ["sub=verloskundige-maas", "org=ura:90000101", "bsn=999911120", $"acr={Substantial}"] },
        { "no subject", ["bsn=999911120", $"acr={Substantial}"] },
        { "no BSN", ["sub=digid-4711", $"acr={Substantial}"] },
        { "a BSN that fails the eleven test", ["sub=digid-4711", "bsn=999911121", $"acr={Substantial}"] },
        { "a BSN of eight digits", ["sub=digid-4711", "bsn=99991112", $"acr={Substantial}"] },
        { "DigiD Basis (low)", ["sub=digid-4711", "bsn=999911120", "acr=http://eidas.europa.eu/LoA/low"] },
        { "no level of assurance", ["sub=digid-4711", "bsn=999911120"] },
    };

    /// <param name="claims">Each as <c>type=value</c>.</param>
    [Theory]
    [MemberData(nameof(NotAClient))]
    public void A_token_is_not_a_signed_in_client_with(string why, string[] claims)
    {
        var token = Token([.. claims.Select(c => (c[..c.IndexOf('=', StringComparison.Ordinal)], c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..]))]);

        Assert.True(token.ToClientPerson(Accepted) is null, why);
    }

    [Fact]
    public void The_accepted_levels_are_the_configured_ones()
    {
        var substantial = Token(("sub", "digid-4711"), ("bsn", "999911120"), ("acr", Substantial));

        Assert.Null(substantial.ToClientPerson(["http://eidas.europa.eu/LoA/high"]));
        Assert.NotNull(substantial.ToClientPerson(Accepted));
    }
}
