namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// A pathway as the runtime executes it: the standard template or a region's operational pathway.
/// Immutable; produced only by <see cref="PathwayReader"/>, which has checked it.
/// </summary>
public sealed record PathwayDefinition
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required PathwayStatus Status { get; init; }
    public string? Publisher { get; init; }
    public required string StartStepId { get; init; }
    public required IReadOnlyList<RoleDefinition> Roles { get; init; }
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>The file it was read from, for messages; not part of the pathway's meaning.</summary>
    public required string SourceFile { get; init; }

    public StepDefinition Step(string stepId) =>
        Steps.FirstOrDefault(s => s.Id == stepId)
        ?? throw new KeyNotFoundException($"Pathway {Id} {Version} has no step '{stepId}'.");

    public RoleDefinition? FindRole(string roleId) => Roles.FirstOrDefault(r => r.Id == roleId);

    public string RoleLabel(string roleId) => FindRole(roleId)?.Label ?? roleId;
}

public enum PathwayStatus
{
    Draft,
    Active,
    Retired,
}

public sealed record RoleDefinition(string Id, string Label);

public enum StepKind
{
    /// <summary>Work for a person in a role: the step opens a task and waits for its completion.</summary>
    Task,

    /// <summary>The pathway ends here.</summary>
    End,
}

public sealed record StepDefinition
{
    public required string Id { get; init; }
    public required StepKind Kind { get; init; }
    public required string Label { get; init; }
    public string? Description { get; init; }

    /// <summary>The responsible role of a task step.</summary>
    public string? Role { get; init; }

    /// <summary>Time allowed from activation to completion, when the step has a deadline.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>The step that follows completion; null only for an end step.</summary>
    public string? Next { get; init; }
}
