namespace DynamicModules.Visibility;

/// <summary>Where and for whom a page renders modules: the render-time read's <c>user</c>, <c>project</c> and <c>space</c>.</summary>
/// <param name="User">The viewer's account id; null for an anonymous viewer.</param>
/// <param name="Project">The page's project key, if it has one.</param>
/// <param name="Space">The page's space key, if it has one.</param>
public sealed record ViewingContext(string? User, string? Project, string? Space)
{
    /// <summary>True when nothing is given: the read then answers every module, as without visibility.</summary>
    public bool IsEmpty => User is null && Project is null && Space is null;
}
