namespace DynamicModules.Benchmarks;

/// <summary>A realistic <c>jira:issue_updated</c> webhook body (about 4 KB, fields in Jira's usual order).</summary>
internal static class SamplePayload
{
    public const string IssueUpdated = """
        {
          "timestamp": 1767225600000,
          "webhookEvent": "jira:issue_updated",
          "issue_event_type_name": "issue_generic",
          "user": {
            "self": "https://example.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5",
            "accountId": "5b10ac8d82e05b22cc7d4ef5",
            "displayName": "Ada Lovelace",
            "active": true,
            "timeZone": "Europe/London",
            "accountType": "atlassian"
          },
          "issue": {
            "id": "10042",
            "self": "https://example.atlassian.net/rest/api/2/10042",
            "key": "PROJ-42",
            "fields": {
              "statuscategorychangedate": "2026-01-01T09:12:44.131+0000",
              "customfield_10030": null,
              "fixVersions": [],
              "resolution": null,
              "customfield_10104": null,
              "lastViewed": "2026-01-01T09:10:02.512+0000",
              "customfield_10100": "0|i0007b:",
              "aggregatetimespent": null,
              "workratio": -1,
              "watches": { "self": "https://example.atlassian.net/rest/api/2/issue/PROJ-42/watchers", "watchCount": 2, "isWatching": true },
              "created": "2025-12-30T16:40:11.000+0000",
              "customfield_10020": [ { "id": 12, "name": "Sprint 7", "state": "active", "boardId": 3 } ],
              "customfield_10021": null,
              "priority": { "self": "https://example.atlassian.net/rest/api/2/priority/2", "iconUrl": "https://example.atlassian.net/images/icons/priorities/high.svg", "name": "High", "id": "2" },
              "labels": ["customer", "safari", "urgent"],
              "customfield_10016": 5,
              "timeestimate": null,
              "versions": [],
              "issuelinks": [],
              "assignee": { "accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Ada Lovelace", "active": true },
              "updated": "2026-01-01T09:12:44.129+0000",
              "status": {
                "self": "https://example.atlassian.net/rest/api/2/status/3",
                "description": "This issue is being actively worked on at the moment by the assignee.",
                "name": "In Progress",
                "id": "3",
                "statusCategory": { "id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress" }
              },
              "components": [ { "id": "10001", "name": "web" }, { "id": "10002", "name": "api" } ],
              "description": "Customers on Safari 17 get a 500 from /checkout after entering card details.",
              "customfield_10010": null,
              "summary": "Checkout fails with 500 on Safari",
              "creator": { "accountId": "557058:f58131cb", "displayName": "Grace Hopper", "active": true },
              "subtasks": [],
              "reporter": { "accountId": "557058:f58131cb", "displayName": "Grace Hopper", "active": true },
              "issuetype": {
                "self": "https://example.atlassian.net/rest/api/2/issuetype/10004",
                "id": "10004",
                "description": "A problem or error.",
                "iconUrl": "https://example.atlassian.net/images/icons/issuetypes/bug.svg",
                "name": "Bug",
                "subtask": false,
                "hierarchyLevel": 0
              },
              "project": { "id": "10000", "key": "PROJ", "name": "Payments Platform", "projectTypeKey": "software", "simplified": false },
              "environment": null,
              "duedate": null
            }
          },
          "changelog": {
            "id": "10150",
            "items": [
              { "field": "status", "fieldtype": "jira", "fieldId": "status", "from": "10000", "fromString": "To Do", "to": "3", "toString": "In Progress" },
              { "field": "priority", "fieldtype": "jira", "fieldId": "priority", "from": "3", "fromString": "Medium", "to": "2", "toString": "High" }
            ]
          }
        }
        """;
}
