namespace DynamicModules.Server.Modules.Read;

/// <summary>The render-time read's log lines about visibility.</summary>
internal static partial class VisibilityLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {AppKey}/{ModuleKey} is hidden from reads with a viewing context because a condition failed: {Reason}")]
    public static partial void ConditionFailed(ILogger logger, string appKey, string moduleKey, string reason);
}
