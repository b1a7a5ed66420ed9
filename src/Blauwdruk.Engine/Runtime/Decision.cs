namespace Blauwdruk.Engine.Runtime;

/// <summary>The answer of <see cref="Decider.Decide"/>: the events to append, or why the command is refused.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<InstanceEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<InstanceEvent> Events { get; }
    public Rejection? Rejection { get; }

    public static Decision Accept(IReadOnlyList<InstanceEvent> events) => new(events, null);

    public static Decision Reject(RejectionKind kind, string message) => new([], new Rejection(kind, message));

    public static Decision Reject(Rejection rejection) => new([], rejection);
}

/// <summary>A refused command. The message is Dutch and names no client data: it may reach a screen or a log.</summary>
public sealed record Rejection(RejectionKind Kind, string Message)
{
    /// <summary>For a start refused as a duplicate: the client's pathway that is already active.</summary>
    public Guid? ExistingInstanceId { get; init; }
}

public enum RejectionKind
{
    /// <summary>The thing does not exist, or the actor may not know that it does.</summary>
    NotFound,

    /// <summary>The actor knows it exists but may not do this.</summary>
    Forbidden,

    /// <summary>The command does not fit the current state (e.g. a completed task).</summary>
    Conflict,

    /// <summary>The command itself is wrong (e.g. an unknown role).</summary>
    Invalid,

    /// <summary>The request cannot be taken as it is: its idempotency key was used for another request.</summary>
    Unprocessable,
}
