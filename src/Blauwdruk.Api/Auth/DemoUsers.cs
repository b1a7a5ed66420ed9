using Blauwdruk.Engine;

namespace Blauwdruk.Api.Auth;

/// <summary>A fictional user of the demo world; exists only in Development.</summary>
internal sealed record DemoUser(
    string Id,
    string Name,
    string Role,
    string OrganisationId,
    string OrganisationName,
    string Region)
{
    /// <summary>The professional claims a provider's token carries for a care professional (UZI, AGB, BIG, direct number); fictional.</summary>
    public string? Uzi { get; init; }
    public string? Agb { get; init; }
    public string? Big { get; init; }
    public string? Phone { get; init; }

    /// <summary>The claims beyond the five every demo user has.</summary>
    public IEnumerable<(string Type, string Value)> ProfessionalClaims() =>
        new[] { (BlauwdrukClaims.Uzi, Uzi), (BlauwdrukClaims.Agb, Agb), (BlauwdrukClaims.Big, Big), (BlauwdrukClaims.Phone, Phone) }
            .Where(c => c.Item2 is not null).Select(c => (c.Item1, c.Item2!));
}

/// <summary>
/// The demo world: two regions (VSV's), their organisations and one user per role. Every name and
/// identifier is made up; the URA numbers are in a range no real organisation has.
/// </summary>
internal static class DemoUsers
{
    public const string RegionRijnmond = "rijnmond-zuid";
    public const string RegionDrechtsteden = "drechtsteden";

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("verloskundige-maas", "Anouk de Vries", "verloskundige", "ura:90000101", "Verloskundigenpraktijk De Maas", RegionRijnmond)
        {
            Uzi = "900000101", Agb = "03000111", Big = "19000010103", Phone = "06-00000101",
        },
        new("gynaecoloog-zuid", "Dr. Karim El Amrani", "gynaecoloog", "ura:90000102", "Ziekenhuis Rotterdam-Zuid", RegionRijnmond) { Big = "19000010201" },
        new("aandachtsfunctionaris-maas", "Marieke Jansen", "aandachtsfunctionaris", "ura:90000101", "Verloskundigenpraktijk De Maas", RegionRijnmond),
        new("kraamverzorgende-rijnmond", "Sandra Bakker", "kraamverzorgende", "ura:90000104", "Kraamzorg Rijnmond", RegionRijnmond),
        new("jgz-rijnmond", "Fatima Yilmaz", "jgz-verpleegkundige", "ura:90000103", "JGZ Rotterdam-Zuid", RegionRijnmond),
        new("coordinator-rijnmond", "Peter van Dijk", "regiocoordinator", "ura:90000100", "VSV Rotterdam-Zuid", RegionRijnmond),
        new("zorgcoordinator-rijnmond", "Naima Bouzid", "zorgcoordinator", "ura:90000100", "VSV Rotterdam-Zuid", RegionRijnmond),
        new("verloskundige-merwede", "Lotte Visser", "verloskundige", "ura:90000201", "Verloskundigenpraktijk De Merwede", RegionDrechtsteden)
        {
            Agb = "03000211", Phone = "06-00000201",
        },
        new("jgz-drechtsteden", "Esther Smit", "jgz-verpleegkundige", "ura:90000202", "JGZ Drechtsteden", RegionDrechtsteden),
        new("coordinator-drechtsteden", "Ruud Meijer", "regiocoordinator", "ura:90000200", "VSV Drechtsteden", RegionDrechtsteden),
        new("beheerder-standaard", "Ingrid Mulder", "sjabloonbeheerder", "ura:90000001", "Regionaal Consortium Zwangerschap en Geboorte", "landelijk"),
        new("beheerder-maas", "Yvonne Kok", "functioneel-beheerder", "ura:90000101", "Verloskundigenpraktijk De Maas", RegionRijnmond),
        new("beheerder-jgz-rijnmond", "Hans de Boer", "functioneel-beheerder", "ura:90000103", "JGZ Rotterdam-Zuid", RegionRijnmond),
    ];

    public static DemoUser? Find(string id) => All.FirstOrDefault(u => u.Id == id);
}
