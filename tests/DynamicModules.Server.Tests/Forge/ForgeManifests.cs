namespace DynamicModules.Server.Tests.Forge;

/// <summary>Manifests as Forge developers write them, for the install tests.</summary>
public static class ForgeManifests
{
    public static string NewAppId() => "ari:cloud:ecosystem::app/" + Guid.NewGuid();

    public static string Uuid(string appId) => appId["ari:cloud:ecosystem::app/".Length..];

    /// <summary>A Forge Remote app: a static trigger on an endpoint of its remote at <paramref name="remoteUrl"/>.</summary>
    public static string Yaml(string appId, string remoteUrl, string? connectKey = null) => $"""
        app:
          id: {appId}
        {(connectKey is null ? "" : $"  connect:\n    key: {connectKey}\n    remote: backend\n")}  runtime:
            name: nodejs22.x
        modules:
          trigger:
            - key: issue-created
              events:
                - avi:jira:created:issue
              endpoint: on-event
          endpoint:
            - key: on-event
              remote: backend
              route:
                path: /forge/events
              auth:
                appSystemToken:
                  enabled: true
        remotes:
          - key: backend
            baseUrl: {remoteUrl}
            operations:
              - compute
        permissions:
          scopes:
            - read:jira-work
            - write:jira-work
            - storage:app
        """;

    /// <summary>The same app as JSON text.</summary>
    public static string Json(string appId, string remoteUrl) => $$"""
        {
          "app": {"id": "{{appId}}"},
          "modules": {
            "trigger": [{"key": "issue-created", "events": ["avi:jira:created:issue"], "endpoint": "on-event"}],
            "endpoint": [{"key": "on-event", "remote": "backend", "route": {"path": "/forge/events"}, "auth": {"appSystemToken": true} }]
          },
          "remotes": [{"key": "backend", "baseUrl": "{{remoteUrl}}"}],
          "permissions": {"scopes": ["read:jira-work"]}
        }
        """;
}
