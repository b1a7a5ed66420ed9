using Blauwdruk.Engine.Conformance;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Hosting;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Loads the validator's profiles when the host starts, in the background: the first use of each nl-core
/// profile in a process costs its schema (seconds each), and the first handover a midwife sends should not
/// wait for that. Validates an empty resource per profile a handover declares and forgets the outcome. The
/// host runs it outside Development (in Development and the tests, many short-lived hosts would each pay it).
/// </summary>
public sealed class ConformanceWarmup(NlCoreValidator validator) : BackgroundService
{
    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken) => System.Threading.Tasks.Task.Run(() =>
    {
        Resource[] samples =
        [
            new Patient(), new RelatedPerson(), new Practitioner(), new PractitionerRole(), new Organization(), new CareTeam(), new ServiceRequest(),
        ];
        var profiles = new Dictionary<Resource, string[]>
        {
            [samples[0]] = [NlCore.Patient], [samples[1]] = [NlCore.ContactPerson], [samples[2]] = [NlCore.Practitioner],
            [samples[3]] = [NlCore.PractitionerRole], [samples[4]] = [NlCore.Organization], [samples[5]] = [NlCore.CareTeam], [samples[6]] = [NlCore.Referral],
        };
        foreach (var (resource, declared) in profiles)
        {
            resource.Meta = new Meta { Profile = declared.Select(NlCore.Url) };
            validator.Validate(resource);
        }

        foreach (var profile in new[] { NlCore.Pregnancy, NlCore.EstimatedDateOfDelivery, NlCore.Gravidity, NlCore.Parity, NlCore.TobaccoUse, NlCore.AlcoholUse, NlCore.DrugUse, NlCore.BodyWeight, NlCore.HeadCircumference, NlCore.Apgar1, NlCore.Apgar5, NlCore.FeedingPatternInfant })
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            validator.Validate(new Observation { Meta = new Meta { Profile = [NlCore.Url(profile)] } });
        }
    }, stoppingToken);
}
