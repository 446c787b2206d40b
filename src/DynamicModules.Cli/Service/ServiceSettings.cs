namespace DynamicModules.Cli.Service;

/// <summary>Where the service is and the operator key to call it with, from the environment (DESIGN §4.7).</summary>
/// <param name="BaseUrl">The service's root URL, without a trailing slash.</param>
/// <param name="OperatorKey">The operator key, or null when none is configured (the service then answers 401).</param>
internal sealed record ServiceSettings(Uri BaseUrl, string? OperatorKey)
{
    /// <summary>The service's address when <c>DYNMOD_URL</c> is not set: where <c>dotnet run</c> starts it.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Where the key is looked for without <c>DYNMOD_OPERATOR_KEY</c>: the service's default data directory seen from the clone.</summary>
    public static readonly string DefaultKeyFile = Path.Combine("data", "operator.key");

    /// <summary>Reads <c>DYNMOD_URL</c> and <c>DYNMOD_OPERATOR_KEY</c>, falling back to <c>./data/operator.key</c> in the working directory.</summary>
    public static ServiceSettings FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("DYNMOD_URL") is { Length: > 0 } configured ? configured : DefaultUrl;
        if (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"DYNMOD_URL must be an absolute http or https URL, not '{url}'.");
        }

        return new ServiceSettings(baseUrl, OperatorKeyFromEnvironment());
    }

    private static string? OperatorKeyFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("DYNMOD_OPERATOR_KEY") is { } key && key.Trim().Length > 0)
        {
            return key.Trim();
        }

        // The service writes the file with a trailing newline; editors add others. Whitespace is never part of a key.
        var file = Path.Combine(Environment.CurrentDirectory, DefaultKeyFile);
        try
        {
            return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } fromFile ? fromFile : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the operator key from {file}: {error.Message}");
        }
    }
}
