namespace Blauwdruk.Engine.Runtime;

/// <summary>In which capacity someone consents for the child's data (WGBO 7:465: the parents with parental authority; BW 1:246: not a minor mother).</summary>
public enum ConsentCapacity
{
    /// <summary>The client herself, as the child's mother with parental authority.</summary>
    Mother,

    /// <summary>The other parent, with parental authority.</summary>
    Parent,

    /// <summary>The guardian (voogd), e.g. for the child of a minor mother.</summary>
    Guardian,
}

/// <summary>Who consented for the child's data, in which capacity; a parent or guardian by name.</summary>
public sealed record ConsentGiver(ConsentCapacity Capacity, string? Name)
{
    public static readonly ConsentGiver Mother = new(ConsentCapacity.Mother, null);

    public const string MinorMother =
        "Een moeder jonger dan 18 jaar heeft geen gezag over haar kind (BW 1:246). Voor de gegevens van het kind geeft de voogd toestemming, "
        + "of de andere ouder als die gezag heeft. Leg vast wie dat is.";

    /// <summary>The capacity in Dutch, as the document and the page say it.</summary>
    public string CapacityText => Capacity switch
    {
        ConsentCapacity.Parent => "ouder met gezag",
        ConsentCapacity.Guardian => "voogd",
        _ => "moeder, met gezag",
    };

    internal string? Problem(bool coversChild) =>
        !coversChild ? "Toestemming voor de gegevens van het kind hoort bij de overdracht na de geboorte."
        : Capacity != ConsentCapacity.Mother && string.IsNullOrWhiteSpace(Name) ? $"Vul de naam in van wie als {CapacityText} toestemming geeft voor de gegevens van het kind."
        : Name is { Length: > 200 } ? "De naam is hoogstens 200 tekens."
        : null;
}
