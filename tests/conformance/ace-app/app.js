"use strict";

// An unmodified atlassian-connect-express 11.5.3 app (specs/connect.md §5.2, §6). Everything Connect
// (descriptor route, signed `installed` verification, outbound JWT signing, inbound webhook
// authentication) is ACE's own code. What this file adds is what any ACE app adds:
//   * an in-memory store adapter (ace.store.register), so no native sqlite3 is needed;
//   * an `uninstalled` route behind addon.authenticateInstall() and a dynamic-webhook route behind
//     addon.authenticate();
//   * loopback-only /driver/* routes that make ACE call the host with addon.httpClient({clientKey})
//     and echo the host's status and body back to the test orchestrator (run.mjs);
//   * /atlassian-connect-v2.json, a second descriptor version for the upgrade case.
//
// Run from this directory (ACE reads config.json and atlassian-connect.json from the working
// directory) with PORT, AC_LOCAL_BASE_URL and CONNECT_KEYS_CDN_URL set.

const crypto = require("crypto");
const express = require("express");
const ace = require("atlassian-connect-express");
const memoryStore = require("./mem-store");

ace.store.register("mem", memoryStore);

const DYNAMIC_MODULES = "/rest/atlassian-connect/1/app/module/dynamic";
const FORGE_MODULES = "/forge/installation/v2/dynamic/module";
const QUOTA = "/rest/dynamic-modules/1/quota";

const app = express();
app.use(
  express.json({
    limit: "1mb",
    verify: (req, _res, buffer) => {
      req.rawBody = buffer.toString("utf8");
    }
  })
);

const addon = ace(app);
app.use(addon.middleware());

// What the app saw, for the orchestrator to assert on.
const seen = { installed: [], uninstalled: [], webhooks: [] };

addon.on("host_settings_saved", (clientKey, data) => {
  seen.installed.push({
    clientKey,
    key: data && data.key,
    baseUrl: data && data.baseUrl,
    eventType: data && data.eventType,
    secretSha256: fingerprint(data && data.sharedSecret),
    at: Date.now()
  });
});

app.post("/uninstalled", addon.authenticateInstall(), (req, res) => {
  seen.uninstalled.push({
    clientKey: req.context.clientKey,
    bodyClientKey: req.body && req.body.clientKey,
    eventType: req.body && req.body.eventType,
    hasSharedSecret: Boolean(req.body && req.body.sharedSecret),
    at: Date.now()
  });
  res.status(204).end();
});

// Dynamically registered webhooks get no automatic route in ACE (§5.2): the app mounts it itself.
app.post("/hooks/dyn", addon.authenticate(), (req, res) => {
  recordWebhook("dynamic", req);
  res.status(204).end();
});

// The descriptor's static webhook route is mounted by ACE, which re-emits it as an event.
addon.on("jira:issue_deleted", (_event, _body, req) => recordWebhook("static", req));

function recordWebhook(kind, req) {
  seen.webhooks.push({
    kind,
    path: req.originalUrl,
    clientKey: req.context && req.context.clientKey,
    headers: req.headers,
    rawBody: req.rawBody,
    at: Date.now()
  });
}

// A second version of the descriptor: one more static web item whose key is chosen by the caller
// (default dyn-clash), to clash with a dynamic module on upgrade (specs/connect.md §1.6).
app.get("/atlassian-connect-v2.json", (req, res) => {
  const descriptor = structuredClone(addon.descriptor);
  const clashKey = typeof req.query.clash === "string" ? req.query.clash : "dyn-clash";
  descriptor.modules.webItems.push({
    key: clashKey,
    location: "system.top.navigation.bar",
    url: "/clash-item",
    name: { value: "Static item added in v2" }
  });
  res.json(descriptor);
});

// ---- loopback-only driver routes ----

app.use("/driver", (req, res, next) => {
  const address = req.socket.remoteAddress || "";
  if (["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(address)) {
    next();
  } else {
    res.status(403).json({ message: "driver routes are loopback-only" });
  }
});

app.post("/driver/register", (req, res) =>
  echo(res, req.body.clientKey, "post", { url: DYNAMIC_MODULES, json: req.body.modules })
);

app.post("/driver/list", (req, res) =>
  echo(res, req.body.clientKey, "get", { url: DYNAMIC_MODULES, json: true })
);

app.post("/driver/remove", (req, res) => {
  const keys = req.body.moduleKeys || [];
  const options = { url: DYNAMIC_MODULES, json: true };
  if (keys.length > 0) {
    options.qs = { moduleKey: keys };
  }
  echo(res, req.body.clientKey, "del", options);
});

app.post("/driver/forge-register", (req, res) =>
  echo(res, req.body.clientKey, "post", {
    url: FORGE_MODULES,
    json: { type: req.body.type, data: req.body.data }
  })
);

app.post("/driver/quota", (req, res) =>
  echo(res, req.body.clientKey, "get", { url: QUOTA, json: true })
);

// Any other call through ACE's client: {clientKey, method: get|post|put|del, url, json?, qs?}.
app.post("/driver/call", (req, res) => {
  const { clientKey, method, url, json, qs } = req.body;
  const options = { url, json: json === undefined ? true : json };
  if (qs) {
    options.qs = qs;
  }
  echo(res, clientKey, method, options);
});

app.get("/driver/state", (_req, res) => res.json(seen));

// The stored install payload of a tenant (the app's own data, including its shared secret), so the
// raw atlassian-jwt probes can sign as this app.
app.get("/driver/client-info", async (req, res) => {
  const clientInfo = await addon.settings.get("clientInfo", req.query.clientKey);
  if (!clientInfo) {
    res.status(404).json({ message: "no clientInfo" });
  } else {
    res.json({ ...clientInfo, secretSha256: fingerprint(clientInfo.sharedSecret) });
  }
});

function echo(res, clientKey, method, options) {
  callHost(clientKey, method, options).then(
    result => res.json(result),
    error => res.json({ error: String(error && error.stack ? error.stack : error) })
  );
}

function callHost(clientKey, method, options) {
  return new Promise(resolve => {
    let client;
    try {
      client = addon.httpClient({ clientKey });
    } catch (error) {
      resolve({ error: String(error) });
      return;
    }
    const pending = client[method](options, (error, response, body) => {
      if (error) {
        resolve({ error: String(error) });
      } else {
        resolve({ status: response.statusCode, headers: response.headers, body: body === undefined ? null : body });
      }
    });
    // ACE rejects (without calling back) when it has no clientInfo for the tenant.
    if (pending && typeof pending.catch === "function") {
      pending.catch(error => resolve({ error: String(error) }));
    }
  });
}

function fingerprint(secret) {
  return secret ? crypto.createHash("sha256").update(secret).digest("hex") : null;
}

const port = Number(addon.config.port());
const server = app.listen(port, "127.0.0.1", () => {
  console.log(`ACE conformance app listening on ${addon.config.localBaseUrl()} (port ${server.address().port})`);
});
