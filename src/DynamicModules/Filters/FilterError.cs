namespace DynamicModules.Filters;

public sealed record FilterError(string Message, int Line, int Column);
