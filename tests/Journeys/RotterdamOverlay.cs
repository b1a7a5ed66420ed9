namespace Blauwdruk.Tests.Journeys;

/// <summary>Rotterdam-Zuid's overlay as the repository has it, given another version, and a draft the standard's scenarios fail on.</summary>
internal static class RotterdamOverlay
{
    public static readonly string File = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "pathways", "regio", "rijnmond-zuid.yaml"));

    public static string At(string version) =>
        File.Replace("id: rijnmond-zuid\nversion: 1.4.0", $"id: rijnmond-zuid\nversion: {version}", StringComparison.Ordinal);

    /// <summary>The overlay with a step of its own that nobody can complete: every journey of the standard stops at it.</summary>
    public static string StuckAtHomeVisit(string yaml) =>
        yaml.Replace("  change:\n", """
                - between: [INTAKE, ID_BSN]
                  step:
                    id: HUISBEZOEK
                    kind: task
                    label: Huisbezoek door de wijkverpleging
                    role: verloskundige
                    deadline: P7D
                    outcomes:
                      - id: gedaan
                        label: Huisbezoek gedaan
                        requires:
                          - when: "%vermoeden"
                            reason: Eerst het afwegingskader invullen.
              change:

            """, StringComparison.Ordinal);
}
