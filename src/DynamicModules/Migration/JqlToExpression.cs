namespace DynamicModules.Migration;

/// <summary>Translates webhook JQL filters into trigger filter expressions that match exactly the same events.</summary>
public static class JqlToExpression
{
    /// <summary>Translates <paramref name="jql"/>; never throws for bad input.</summary>
    public static JqlTranslation Translate(string jql)
    {
        ArgumentNullException.ThrowIfNull(jql);
        return new JqlTranslation(null, "JQL translation is not available yet.");
    }
}
