using AutoAssign;

var app = AutoAssignApp.Build(args);
await app.RunAsync();
