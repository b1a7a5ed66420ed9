namespace Blauwdruk.Engine.Pathways;

/// <summary>The Dutch names of the step kinds, as pathway authors and professionals read them.</summary>
public static class StepKindLabels
{
    public static string Of(StepKind kind) => kind switch
    {
        StepKind.Task => "taak",
        StepKind.Decision => "beslissing",
        StepKind.Parallel => "parallelle splitsing",
        StepKind.Join => "samenvoeging",
        StepKind.Merge => "samenkomst",
        StepKind.Wait => "wachten op signaal",
        StepKind.Timer => "wachten tot moment",
        StepKind.Handover => "overdracht",
        StepKind.Subpathway => "deelpad",
        StepKind.End => "einde",
        _ => kind.ToString(),
    };
}
