using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>Whom to call with questions about a handover: the person who handed over (when the document names one), their organisation and a phone number.</summary>
public sealed record HandoverContact(string? Person, string Organisation, string? Phone);

/// <summary>
/// What the JGZ needs to recognise a handover at a glance, read from the document itself (the names are
/// only in the encrypted document): the mother, the child after the birth, the sending organisation, and
/// whom to call.
/// </summary>
public sealed record HandoverSummary(string Mother, string? Child, string Sender, HandoverContact? Contact)
{
    /// <summary>Reads the summary from a handover document (a Bundle whose first entry is its Composition).</summary>
    public static HandoverSummary Of(Bundle document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var composition = (Composition)document.Entry[0].Resource!;
        var mother = document.Entry.Select(e => e.Resource).OfType<Patient>()
            .FirstOrDefault(p => p.Identifier.Any(i => i.System is NamingSystems.Bsn or NamingSystems.TemporaryClient));
        var subject = Resolve<Patient>(document, composition.Subject);
        var child = composition.Subject is null || ReferenceEquals(subject, mother)
            ? null
            : NameOf(subject) ?? composition.Subject.Display;

        var role = composition.Author.Select(a => Resolve<PractitionerRole>(document, a)).FirstOrDefault(r => r is not null);
        var organisation = Resolve<Organization>(document, composition.Custodian) ?? Resolve<Organization>(document, role?.Organization);
        var sender = organisation?.Name ?? composition.Custodian?.Display ?? role?.Organization?.Display ?? "";
        var practitioner = Resolve<Practitioner>(document, role?.Practitioner);
        var person = NameOf(practitioner)
            ?? (role?.Practitioner is { Display: { Length: > 0 } display } reference && display != reference.Identifier?.Value ? display : null);
        var phone = Phone(role?.Telecom) ?? Phone(practitioner?.Telecom) ?? Phone(organisation?.Telecom);
        return new HandoverSummary(
            NameOf(mother) ?? (child is null ? composition.Subject?.Display : null) ?? "",
            child,
            sender,
            sender.Length == 0 && phone is null ? null : new HandoverContact(person, sender, phone));
    }

    private static T? Resolve<T>(Bundle document, ResourceReference? reference) where T : Resource =>
        reference?.Reference is { } url ? document.Entry.FirstOrDefault(e => e.FullUrl == url)?.Resource as T : null;

    private static string? NameOf(Patient? patient) => Text(patient?.Name);

    private static string? NameOf(Practitioner? practitioner) => Text(practitioner?.Name);

    private static string? Text(List<HumanName>? names) => names?.FirstOrDefault() is { } name
        ? name.Text is { Length: > 0 } text ? text : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined : null
        : null;

    private static string? Phone(List<ContactPoint>? telecom) =>
        telecom?.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone && !string.IsNullOrWhiteSpace(t.Value))?.Value;
}
