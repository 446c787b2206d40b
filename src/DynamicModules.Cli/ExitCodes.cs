namespace DynamicModules.Cli;

/// <summary>The process exit codes of DESIGN §4.7, which scripts branch on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The service refused, could not be reached, or the expression checked is invalid.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong: unknown command, missing argument, bad option value, unreadable file.</summary>
    public const int Usage = 2;
}
