using Blauwdruk.Engine.Handover;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Tests.Handover;

/// <summary>How the JGZ reads a handover: the sections in the order of a first home visit, and whom it is about and from.</summary>
public class HandoverSectionsTests
{
    private static Composition.SectionComponent Section(string code) => new() { Title = code, Code = new CodeableConcept { Text = code } };

    [Fact]
    public void Contact_comes_first_then_what_to_watch_for_then_the_rest_with_unknown_sections_in_document_order_and_the_consent_last()
    {
        var composition = new Composition
        {
            Section =
            [
                Section("Toestemming"), Section("Zorgteam"), Section("Nieuw-1"), Section("Psychosociaal"), Section("Zwangerschap"),
                Section("Cliënt"), Section("Nieuw-2"), Section("Overdrager"), Section("VeiligThuis"), Section("Gezin"), Section("Contact"),
            ],
        };

        var arranged = HandoverSections.Arrange(composition);

        Assert.Equal(["Contact en adres", "Waar op te letten", null, null], arranged.Select(a => a.Group.Title));
        Assert.Equal(
            ["Cliënt", "Contact", "Gezin", "Overdrager", "Psychosociaal", "VeiligThuis", "Zwangerschap", "Zorgteam", "Nieuw-1", "Nieuw-2", "Toestemming"],
            arranged.SelectMany(a => a.Sections).Select(s => s.Code?.Text));
    }

    [Fact]
    public void A_group_without_sections_is_left_out()
    {
        var arranged = HandoverSections.Arrange(new Composition { Section = [Section("Zorgplan"), Section("Cliënt")] });

        Assert.Equal(["contact", HandoverSections.RestGroup], arranged.Select(a => a.Group.Id));
    }

    [Fact]
    public void The_summary_names_the_mother_the_child_the_sending_organisation_and_whom_to_call()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Document };
        var composition = new Composition
        {
            Subject = new ResourceReference("urn:uuid:child", "kind 1"),
            Author = [new ResourceReference("urn:uuid:author", "verloskundige-1")],
            Custodian = new ResourceReference("urn:uuid:practice", "Verloskundigenpraktijk De Maas (tel. 010-1234567)"),
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:composition", Resource = composition });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:mother",
            Resource = new Patient { Identifier = [new Identifier(NamingSystems.Bsn, "999911120")], Name = [new HumanName { Text = "Fatima Jansen" }] },
        });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:child", Resource = new Patient { Identifier = [new Identifier(NamingSystems.Newborn, "n1")] } });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:author",
            Resource = new PractitionerRole
            {
                Practitioner = new ResourceReference { Identifier = new Identifier(NamingSystems.User, "verloskundige-1"), Display = "verloskundige-1" },
                Organization = new ResourceReference("urn:uuid:practice"),
            },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:practice",
            Resource = new Organization { Name = "Verloskundigenpraktijk De Maas", Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, "010-1234567")] },
        });

        var summary = HandoverSummary.Of(bundle);

        Assert.Equal(("Fatima Jansen", "kind 1", "Verloskundigenpraktijk De Maas"), (summary.Mother, summary.Child, summary.Sender));
        // A user id is no name to ask for: the practice is called.
        Assert.Equal(new HandoverContact(null, "Verloskundigenpraktijk De Maas", "010-1234567"), summary.Contact);

        // The one who handed over, with a direct number, when the document names them.
        var role = (PractitionerRole)bundle.Entry[3].Resource!;
        role.Practitioner!.Display = "Anouk de Vries";
        role.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, "06-12345678")];
        Assert.Equal(new HandoverContact("Anouk de Vries", "Verloskundigenpraktijk De Maas", "06-12345678"), HandoverSummary.Of(bundle).Contact);
    }
}
