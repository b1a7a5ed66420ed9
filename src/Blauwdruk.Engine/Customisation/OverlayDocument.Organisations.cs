using YamlDotNet.RepresentationModel;
using static Blauwdruk.Engine.Pathways.PositionedYaml;

namespace Blauwdruk.Engine.Customisation;

/// <summary>An organisation of a region and how to reach it.</summary>
public sealed record OrganisationContact(string Id, string Name, string? Phone, string? Email);

// The region's organisations: who they are, the roles and municipalities they cover, how to reach them.
public sealed partial class OverlayDocument
{
    /// <summary>The region's organisations with their contact details, as written in the file.</summary>
    public IReadOnlyList<OrganisationContact> Organisations() =>
        OrganisationNodes()
            .Select(o => (Node: o, Contact: Child(o, "contact") as YamlMappingNode))
            .Select(o => new OrganisationContact(
                Scalar(o.Node, "id") ?? "",
                Scalar(o.Node, "name") ?? "",
                o.Contact is null ? null : Scalar(o.Contact, "phone"),
                o.Contact is null ? null : Scalar(o.Contact, "email")))
            .ToList();

    /// <summary>The roles an organisation holds and the municipalities it serves (none: the whole region).</summary>
    public (IReadOnlyList<string> Roles, IReadOnlyList<string> Municipalities) Coverage(string organisationId) =>
        Organisation(organisationId) is { } organisation
            ? (Strings(organisation, "roles"), Strings(organisation, "municipalities"))
            : ([], []);

    public void SetRoles(string organisationId, IEnumerable<string> roles) => SetStrings(organisationId, "roles", roles);

    /// <summary>The municipalities an organisation serves; none means the whole region.</summary>
    public void SetMunicipalities(string organisationId, IEnumerable<string> municipalities) => SetStrings(organisationId, "municipalities", municipalities);

    /// <summary>The organisation whose aandachtsfunctionaris this one consults, or null when it names none (it holds the role itself).</summary>
    public string? Aandachtsfunctionaris(string organisationId) =>
        Organisation(organisationId) is { } organisation ? Scalar(organisation, "aandachtsfunctionaris") : null;

    /// <summary>Names the organisation whose aandachtsfunctionaris this one consults; empty removes it.</summary>
    public void SetAandachtsfunctionaris(string organisationId, string? consulted)
    {
        var organisation = Organisation(organisationId) ?? throw new ArgumentException($"No organisation '{organisationId}' in the overlay.", nameof(organisationId));
        if (string.IsNullOrWhiteSpace(consulted))
        {
            organisation.Children.Remove(new YamlScalarNode("aandachtsfunctionaris"));
            return;
        }

        organisation.Children[new YamlScalarNode("aandachtsfunctionaris")] = new YamlScalarNode(consulted.Trim());
    }

    /// <summary>Adds an organisation of the region (its id and name; roles, municipalities and contacts follow in the form).</summary>
    public void AddOrganisation(string id, string name)
    {
        if (Child(Root, "organisations") is not YamlSequenceNode organisations)
        {
            organisations = new YamlSequenceNode();
            Root.Children[new YamlScalarNode("organisations")] = organisations;
        }

        organisations.Children.Add(new YamlMappingNode { { "id", id.Trim() }, { "name", name.Trim() } });
    }

    private IEnumerable<YamlMappingNode> OrganisationNodes() =>
        (Child(Root, "organisations") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    private YamlMappingNode? Organisation(string organisationId) => OrganisationNodes().FirstOrDefault(o => Scalar(o, "id") == organisationId);

    private static List<string> Strings(YamlMappingNode mapping, string key) =>
        (Child(mapping, key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList() ?? [];

    private void SetStrings(string organisationId, string key, IEnumerable<string> values)
    {
        var organisation = Organisation(organisationId) ?? throw new ArgumentException($"No organisation '{organisationId}' in the overlay.", nameof(organisationId));
        var list = values.Distinct().ToList();
        if (list.Count == 0)
        {
            organisation.Children.Remove(new YamlScalarNode(key));
            return;
        }

        organisation.Children[new YamlScalarNode(key)] = new YamlSequenceNode(list.Select(v => new YamlScalarNode(v))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
    }

    /// <summary>Sets an organisation's <c>phone</c> or <c>email</c>; empty removes it.</summary>
    public void SetContact(string organisationId, string field, string? value)
    {
        if (field is not ("phone" or "email"))
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "A contact is a phone or an email.");
        }

        var organisation = Organisation(organisationId) ?? throw new ArgumentException($"No organisation '{organisationId}' in the overlay.", nameof(organisationId));
        if (Child(organisation, "contact") is not YamlMappingNode contact)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            contact = new YamlMappingNode();
            organisation.Children[new YamlScalarNode("contact")] = contact;
        }

        Set(contact, field, string.IsNullOrWhiteSpace(value) ? null : value.Trim());
        if (contact.Children.Count == 0)
        {
            organisation.Children.Remove(new YamlScalarNode("contact"));
        }
    }

    /// <summary>The line (1-based) of an organisation's code, for errors about it to land next to it.</summary>
    public int? OrganisationLine(string organisationId) =>
        Organisation(organisationId) is { } organisation && Child(organisation, "id") is { } node ? (int)node.Start.Line : null;

    /// <summary>The line (1-based) of an organisation's <c>aandachtsfunctionaris</c>, for errors to land next to it.</summary>
    public int? AandachtsfunctionarisLine(string organisationId) =>
        Organisation(organisationId) is { } organisation && Child(organisation, "aandachtsfunctionaris") is { } node ? (int)node.Start.Line : null;

    /// <summary>The line (1-based) of an organisation's contact field, for errors to land next to it.</summary>
    public int? ContactLine(string organisationId, string field) =>
        Organisation(organisationId) is { } organisation
        && Child(organisation, "contact") is YamlMappingNode contact && Child(contact, field) is { } node
            ? (int)node.Start.Line
            : null;
}
