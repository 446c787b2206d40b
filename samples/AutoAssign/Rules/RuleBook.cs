using System.Collections.Concurrent;

namespace AutoAssign.Rules;

/// <summary>The rules, by module key, in memory.</summary>
public sealed class RuleBook
{
    private readonly ConcurrentDictionary<string, Rule> _rules = new(StringComparer.Ordinal);

    /// <summary>Adds a rule.</summary>
    public void Add(Rule rule) => _rules[rule.ModuleKey] = rule;

    /// <summary>The rule of a tenant's trigger, or null.</summary>
    public Rule? Find(string clientKey, string moduleKey) =>
        _rules.TryGetValue(moduleKey, out var rule) && rule.ClientKey == clientKey ? rule : null;

    /// <summary>Removes a rule.</summary>
    public void Remove(string moduleKey) => _rules.TryRemove(moduleKey, out _);
}
