namespace DynamicModules.Filters;

public enum FilterLanguage { Expression, Jql }
