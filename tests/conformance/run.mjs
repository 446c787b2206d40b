#!/usr/bin/env node
// Conformance orchestrator (specs/connect.md §6): starts the unmodified ACE app in ace-app/ against
// a running Dynamic Modules service and drives the cases below. Prints each check and ends with
// "N passed, N failed" (", N skipped" when some could not run); exits non-zero on any failure.
//
//   node run.mjs --service http://127.0.0.1:5080 --operator-key KEY [--tenant conformance] [--case install,register]
//
// Environment equivalents: DYNMOD_SERVICE_URL, DYNMOD_OPERATOR_KEY, DYNMOD_TENANT, DYNMOD_CASES.
// --verbose (or DYNMOD_VERBOSE=1) prints the ACE app's log at the end; it is printed anyway on failure.
//
// Cases share the tenant; every case after `install` first makes sure the app is installed and has no
// dynamic modules, so each can also run alone (--case probes).

import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import jwt from "atlassian-jwt";
import { Webhook } from "standardwebhooks";
import {
  DYNAMIC_MODULES,
  FORGE_MODULES,
  QUOTA,
  Reporter,
  assert,
  equal,
  expectMessageBody,
  expectStatus,
  fail,
  http,
  keysOf,
  modulesOf,
  show,
  skip,
  waitFor
} from "./lib.mjs";
import { runConfluence } from "./confluence.mjs";
import { runProbes } from "./probe.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP_KEY = "conformance-test-app";
const ALL_CASES = ["install", "register", "probes", "forge-quota", "lifecycle", "delivery", "confluence"];

const options = parseArgs(process.argv.slice(2));
const serviceUrl = (options.service || process.env.DYNMOD_SERVICE_URL || "").replace(/\/+$/, "");
const operatorKey = options["operator-key"] || process.env.DYNMOD_OPERATOR_KEY || "";
const tenant = options.tenant || process.env.DYNMOD_TENANT || `conformance-${randomUUID().slice(0, 8)}`;
const cases = (options.case || process.env.DYNMOD_CASES || ALL_CASES.join(",")).split(",").map(c => c.trim()).filter(Boolean);
const verbose = Boolean(options.verbose) || process.env.DYNMOD_VERBOSE === "1";

if (!serviceUrl || !operatorKey) {
  console.error("usage: node run.mjs --service <service base URL> --operator-key <key> [--tenant <tenant>] [--case a,b]");
  process.exit(2);
}
for (const name of cases) {
  if (!ALL_CASES.includes(name)) {
    console.error(`unknown case '${name}'; known: ${ALL_CASES.join(", ")}`);
    process.exit(2);
  }
}

const reporter = new Reporter();

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

const CASES = {
  // (1) Install through the operator API; ACE verifies the RS256 signed install against /connect-keys/{kid}.
  async install(ctx) {
    const { check } = ctx;
    await check("PUT /api/v1/tenants/{t} creates the tenant with a clientKey and a baseUrl under /t/{t}", async () => {
      await ctx.ensureTenant();
      assert(ctx.clientKey, `tenant has no clientKey: ${show(ctx.tenantJson)}`);
      equal(ctx.tenantBaseUrl, `${serviceUrl}/t/${tenant}`, "tenant baseUrl");
    });

    await check("GET /connect-keys/{kid} is public (404 problem for an unknown kid)", async () => {
      const result = await http("GET", `${serviceUrl}/connect-keys/not-a-kid`);
      expectStatus(result, 404, "unknown kid");
    });

    const installsBefore = (await ctx.state()).installed.length;
    await check("POST /api/v1/tenants/{t}/apps {descriptorUrl} installs the ACE app (201)", async () => {
      const current = await ctx.op("GET", `/api/v1/tenants/${tenant}/apps/${APP_KEY}`);
      if (current.status === 200 && current.json && current.json.state !== "uninstalled") {
        await ctx.op("DELETE", `/api/v1/tenants/${tenant}/apps/${APP_KEY}`);
      }
      const result = await ctx.installApp();
      expectStatus(result, [200, 201], "install");
      if (current.status === 404) {
        expectStatus(result, 201, "first install");
        equal(result.json.operation, "app.install", "operation");
      }
    });

    await check("ACE accepted the RS256 signed `installed` callback and stored the tenant", async () => {
      const state = await ctx.state();
      const saved = state.installed.slice(installsBefore);
      equal(saved.length, 1, "installs saved by ACE during this install");
      equal(saved[0].clientKey, ctx.clientKey, "clientKey ACE stored");
      equal(saved[0].key, APP_KEY, "payload key");
      equal(saved[0].baseUrl, ctx.tenantBaseUrl, "payload baseUrl");
      equal(saved[0].eventType, "installed", "payload eventType");
      assert(saved[0].secretSha256, "payload carried no sharedSecret");
    });

    await check("the installation is enabled in the operator API", async () => {
      const result = await ctx.op("GET", `/api/v1/tenants/${tenant}/apps/${APP_KEY}`);
      expectStatus(result, 200, "GET installation");
      equal(result.json.state, "enabled", "installation state");
    });

    await check("ACE can call the host with the stored secret (GET dynamic modules → 200 {})", async () => {
      const result = await ctx.driver("list");
      expectStatus(result, 200, "ACE GET dynamic modules");
      equal(keysOf(result.body), [], "dynamic module keys of a fresh install");
    });
  },

  // (2) Register / list / delete through ACE's httpClient.
  async register(ctx) {
    const { check } = ctx;
    await ctx.prepare(check);
    const item = webItem("dyn-item-1");
    const panel = {
      key: "dyn-panel-1",
      location: "atl.jira.view.issue.right.context",
      url: "/dyn-panel-1?issueKey={issue.key}",
      name: { value: "Dynamic panel 1" }
    };

    await check("POST two modules (webItems + webPanels) → 200 with an empty body", async () => {
      const result = await ctx.driver("register", { modules: { webItems: [item], webPanels: [panel] } });
      expectStatus(result, 200, "register");
      assert(result.body === null || result.body === "", `expected an empty body, got ${show(result.body)}`);
    });

    await check("GET returns them descriptor-shaped, as registered", async () => {
      const result = await ctx.driver("list");
      expectStatus(result, 200, "list");
      equal(keysOf(result.body), ["dyn-item-1", "dyn-panel-1"], "registered keys");
      const byKey = Object.fromEntries(modulesOf(result.body).map(([type, module]) => [module.key, { type, module }]));
      equal(byKey["dyn-item-1"].type, "webItems", "type of dyn-item-1");
      equal(byKey["dyn-panel-1"].type, "webPanels", "type of dyn-panel-1");
      for (const expected of [item, panel]) {
        const actual = byKey[expected.key].module;
        for (const property of ["key", "location", "url"]) {
          equal(actual[property], expected[property], `${expected.key}.${property}`);
        }
        equal(actual.name && actual.name.value, expected.name.value, `${expected.key}.name.value`);
      }
    });

    await check("POST the same key again → 400 {message}, nothing registered", async () => {
      const result = await ctx.driver("register", { modules: { webItems: [webItem("dyn-item-new"), webItem("dyn-item-1")] } });
      expectStatus(result, 400, "duplicate key");
      const message = expectMessageBody(result.body, "duplicate key");
      assert(message.includes("dyn-item-1"), `message should name the duplicate key: ${show(message)}`);
      equal(keysOf((await ctx.driver("list")).body), ["dyn-item-1", "dyn-panel-1"], "keys after the refused request");
    });

    await check("POST a static module's key → 400 {message}", async () => {
      const result = await ctx.driver("register", { modules: { webItems: [webItem("static-item")] } });
      expectStatus(result, 400, "static key");
      expectMessageBody(result.body, "static key");
    });

    await check("POST over the app's limit (PUT .../quota {limit: 3}) → 400 {message}, nothing registered", async () => {
      const quota = await ctx.op("PUT", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/quota`, { limit: 3 });
      expectStatus(quota, 200, "set quota");
      const result = await ctx.driver("register", { modules: { webItems: [webItem("dyn-item-3"), webItem("dyn-item-4")] } });
      expectStatus(result, 400, "over the limit");
      expectMessageBody(result.body, "over the limit");
      equal(keysOf((await ctx.driver("list")).body), ["dyn-item-1", "dyn-panel-1"], "keys after the refused request");
    });

    await check("POST up to the limit exactly → 200", async () => {
      const result = await ctx.driver("register", { modules: { webItems: [webItem("dyn-item-3")] } });
      expectStatus(result, 200, "register the third module");
      equal(keysOf((await ctx.driver("list")).body), ["dyn-item-1", "dyn-item-3", "dyn-panel-1"], "keys");
    });

    await check("DELETE ?moduleKey=dyn-item-1&moduleKey=dyn-panel-1 (repeated) → 204, both gone", async () => {
      const result = await ctx.driver("remove", { moduleKeys: ["dyn-item-1", "dyn-panel-1"] });
      expectStatus(result, 204, "delete two keys");
      equal(keysOf((await ctx.driver("list")).body), ["dyn-item-3"], "keys left");
    });

    await check("DELETE an unknown key → 204, nothing else removed", async () => {
      const result = await ctx.driver("remove", { moduleKeys: ["no-such-module"] });
      expectStatus(result, 204, "delete unknown key");
      equal(keysOf((await ctx.driver("list")).body), ["dyn-item-3"], "keys left");
    });

    await check("DELETE with no moduleKey → 204, all gone; GET → 200 {}", async () => {
      const result = await ctx.driver("remove", { moduleKeys: [] });
      expectStatus(result, 204, "delete all");
      const list = await ctx.driver("list");
      expectStatus(list, 200, "list");
      equal(list.body, {}, "GET body with no dynamic modules");
    });

    await ctx.restoreQuota(check);
  },

  // (7) Confluence's /wiki context path: ACE on a Confluence tenant, confluence.js with the site URL as host (confluence.mjs).
  async confluence(ctx) {
    await runConfluence(ctx);
  },

  // (3) Raw atlassian-jwt requests (probe.mjs).
  async probes(ctx) {
    await ctx.prepare(ctx.check);
    await runProbes(ctx);
  },

  // (4) Forge v2 registrations and Connect registrations share one quota.
  async "forge-quota"(ctx) {
    const { check } = ctx;
    await ctx.prepare(check);
    let forgeKey = null;

    await check("PUT .../quota {limit: 2}; GET /rest/dynamic-modules/1/quota → {limit: 2, used: 0, available: 2}", async () => {
      expectStatus(await ctx.op("PUT", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/quota`, { limit: 2 }), 200, "set quota");
      const quota = await ctx.driver("quota");
      expectStatus(quota, 200, "quota");
      equal(pick(quota.body, ["limit", "used", "available"]), { limit: 2, used: 0, available: 2 }, "quota");
    });

    await check("Connect POST one web item → 200", async () => {
      expectStatus(await ctx.driver("register", { modules: { webItems: [webItem("dyn-quota-1")] } }), 200, "Connect register");
    });

    await check("Forge POST /forge/installation/v2/dynamic/module {type, data} → 201 {key (UUID), type, data}", async () => {
      const result = await ctx.driver("forge-register", { type: "jira:entityProperty", data: forgeEntityProperty() });
      expectStatus(result, 201, "Forge register");
      assert(result.body && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(result.body.key), `expected a UUID key, got ${show(result.body)}`);
      equal(result.body.type, "jira:entityProperty", "type");
      forgeKey = result.body.key;
    });

    await check("quota now shows both: {limit: 2, used: 2, available: 0}", async () => {
      const quota = await ctx.driver("quota");
      expectStatus(quota, 200, "quota");
      equal(pick(quota.body, ["limit", "used", "available"]), { limit: 2, used: 2, available: 0 }, "quota");
    });

    await check("Connect POST one more → 400 {message} (the Forge module used the last slot)", async () => {
      const result = await ctx.driver("register", { modules: { webItems: [webItem("dyn-quota-2")] } });
      expectStatus(result, 400, "Connect register over the limit");
      expectMessageBody(result.body, "Connect register over the limit");
    });

    await check("Forge POST one more → 422", async () => {
      const result = await ctx.driver("forge-register", { type: "jira:entityProperty", data: forgeEntityProperty() });
      expectStatus(result, 422, "Forge register over the limit");
    });

    await check("Forge DELETE /forge/installation/v2/dynamic/module/{key} frees the slot → Connect POST → 200", async () => {
      assert(forgeKey, "no Forge module was registered");
      expectStatus(await ctx.driver("call", { method: "del", url: `${FORGE_MODULES}/${forgeKey}` }), 204, "Forge delete");
      expectStatus(await ctx.driver("register", { modules: { webItems: [webItem("dyn-quota-2")] } }), 200, "Connect register");
    });

    await ctx.clearModules(check);
    await ctx.restoreQuota(check);
  },

  // (5) Uninstall, reinstall, upgrade.
  async lifecycle(ctx) {
    const { check } = ctx;
    await ctx.prepare(check);
    let secretBefore = null;

    let oldSecret = null;
    await check("register a dynamic module to survive the reinstall", async () => {
      expectStatus(await ctx.driver("register", { modules: { webItems: [webItem("dyn-keep-1")] } }), 200, "register");
      const info = await ctx.clientInfo();
      secretBefore = info.secretSha256;
      oldSecret = info.sharedSecret;
    });

    const uninstallsBefore = (await ctx.state()).uninstalled.length;
    await check("DELETE /api/v1/tenants/{t}/apps/{app} → ACE accepts the signed `uninstalled` callback (204)", async () => {
      const result = await ctx.op("DELETE", `/api/v1/tenants/${tenant}/apps/${APP_KEY}`);
      expectStatus(result, 200, "uninstall");
      equal(result.json.callbackStatus, 204, "status ACE answered the uninstalled callback with");
      const seen = (await ctx.state()).uninstalled.slice(uninstallsBefore);
      equal(seen.length, 1, "uninstalled callbacks ACE authenticated");
      equal(seen[0].clientKey, ctx.clientKey, "authenticated clientKey");
      equal(seen[0].eventType, "uninstalled", "eventType");
      equal(seen[0].hasSharedSecret, false, "uninstalled payload carries a sharedSecret");
    });

    await check("after uninstall the app's calls are refused (401 {message})", async () => {
      const result = await ctx.driver("list");
      expectStatus(result, 401, "list while uninstalled");
      expectMessageBody(result.body, "list while uninstalled");
    });

    const installsBefore = (await ctx.state()).installed.length;
    await check("reinstall → 200 app.reinstall; ACE stored a new shared secret", async () => {
      const result = await ctx.installApp();
      expectStatus(result, 200, "reinstall");
      equal(result.json.operation, "app.reinstall", "operation");
      const saved = (await ctx.state()).installed.slice(installsBefore);
      equal(saved.length, 1, "installs saved by ACE");
      const secretAfter = (await ctx.clientInfo()).secretSha256;
      assert(secretAfter && secretAfter !== secretBefore, "the reinstall did not give ACE a new shared secret");
    });

    await check("ACE's next call (signed with the new secret) works and the dynamic module is back", async () => {
      const result = await ctx.driver("list");
      expectStatus(result, 200, "list after reinstall");
      equal(keysOf(result.body), ["dyn-keep-1"], "keys after reinstall");
    });

    await check("a token signed with the secret of the previous installation → 401", async () => {
      assert(oldSecret, "no previous secret");
      const claims = {
        iss: APP_KEY,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 180,
        qsh: jwt.createQueryStringHash(jwt.fromMethodAndUrl("GET", DYNAMIC_MODULES)),
        aud: [ctx.clientKey]
      };
      const result = await http("GET", `${ctx.tenantBaseUrl}${DYNAMIC_MODULES}`, {
        headers: { authorization: `JWT ${jwt.encodeSymmetric(claims, oldSecret, "HS256")}` }
      });
      expectStatus(result, 401, "old secret");
      expectMessageBody(result.text, "old secret");
    });

    await check("upgrade to a descriptor whose static key clashes with a dynamic one → all dynamic modules gone", async () => {
      expectStatus(await ctx.driver("register", { modules: { webItems: [webItem("dyn-clash"), webItem("dyn-keep-2")] } }), 200, "register");
      const result = await ctx.installApp(`${ctx.ace.baseUrl}/atlassian-connect-v2.json?clash=dyn-clash`);
      expectStatus(result, 200, "upgrade");
      equal(result.json.operation, "app.upgrade", "operation");
      equal([...(result.json.purgedModuleKeys || [])].sort(), ["dyn-clash", "dyn-keep-1", "dyn-keep-2"], "purgedModuleKeys");
      const list = await ctx.driver("list");
      expectStatus(list, 200, "list after upgrade (ACE signs with the upgrade's secret)");
      equal(keysOf(list.body), [], "keys after the clashing upgrade");
    });

    await check("upgrade back to the original descriptor → 200", async () => {
      const result = await ctx.installApp();
      expectStatus(result, 200, "upgrade back");
      expectStatus(await ctx.driver("list"), 200, "list");
    });
  },

  // (6) Event delivery to a dynamic webhook: Connect JWT (ACE) and Standard Webhooks headers.
  async delivery(ctx) {
    const { check } = ctx;
    const openapi = await http("GET", `${serviceUrl}/openapi/v1.json`);
    const paths = (openapi.json && openapi.json.paths) || {};
    const hasEvents = Object.keys(paths).some(p => /^\/api\/v1\/tenants\/\{[^}]+\}\/events$/.test(p));
    const hasSigningSecret = Object.keys(paths).some(p => /\/apps\/\{[^}]+\}\/signing-secret$/.test(p));
    if (!hasEvents || !hasSigningSecret) {
      await check("delivery of a published event to a dynamic webhook", async () =>
        skip(
          `events/delivery not on this build (/openapi/v1.json has no ${[!hasEvents && "POST /api/v1/tenants/{tenant}/events", !hasSigningSecret && "GET /api/v1/tenants/{tenant}/apps/{appKey}/signing-secret"].filter(Boolean).join(" and no ")})`
        )
      );
      return;
    }

    await ctx.prepare(check);
    const webhooksBefore = (await ctx.state()).webhooks.length;
    const eventId = randomUUID();

    await check("register a dynamic webhook {event: jira:issue_created, url: /hooks/dyn} → 200", async () => {
      const result = await ctx.driver("register", {
        modules: { webhooks: [{ key: "dyn-hook", event: "jira:issue_created", url: "/hooks/dyn" }] }
      });
      expectStatus(result, 200, "register webhook");
    });

    await check("POST /api/v1/tenants/{t}/events avi:jira:created:issue → 202", async () => {
      const result = await ctx.op("POST", `/api/v1/tenants/${tenant}/events`, {
        id: eventId,
        type: "avi:jira:created:issue",
        payload: {
          issue: {
            id: "10001",
            key: "CONF-1",
            fields: { summary: "Conformance", project: { key: "CONF" }, issuetype: { name: "Bug" }, labels: [] }
          }
        }
      });
      expectStatus(result, 202, "publish");
    });

    let delivery = null;
    await check("ACE's addon.authenticate() accepted the delivery on /hooks/dyn", async () => {
      delivery = await ctx.waitForWebhook("dynamic", webhooksBefore);
      equal(delivery.clientKey, ctx.clientKey, "clientKey ACE authenticated");
      assert(/^JWT /.test(delivery.headers.authorization || ""), `expected Authorization: JWT …, got ${show(delivery.headers.authorization)}`);
    });

    await check("standardwebhooks verifies webhook-id/-timestamp/-signature with the secret from GET .../signing-secret", async () => {
      assert(delivery, "no delivery arrived");
      const result = await ctx.op("GET", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/signing-secret`);
      expectStatus(result, 200, "signing secret");
      const secret = result.json && typeof result.json === "object"
        ? result.json.signingSecret || result.json.secret
        : (result.json || result.text || "").trim();
      assert(typeof secret === "string" && secret.length > 0, `no secret in ${show(result.text)}`);
      verifyStandardWebhook(delivery, secret);
      const clientInfo = await ctx.clientInfo();
      if (clientInfo.webhookSigningSecret) {
        equal(clientInfo.webhookSigningSecret, secret, "webhookSigningSecret of the installed payload");
      }
    });

    await check("a static descriptor webhook (jira:issue_deleted → /hooks/static) is delivered through ACE's own route", async () => {
      const result = await ctx.op("POST", `/api/v1/tenants/${tenant}/events`, {
        id: randomUUID(),
        type: "avi:jira:deleted:issue",
        payload: { issue: { id: "10001", key: "CONF-1", fields: { summary: "Conformance", project: { key: "CONF" }, issuetype: { name: "Bug" } } } }
      });
      expectStatus(result, 202, "publish");
      const staticDelivery = await ctx.waitForWebhook("static", webhooksBefore);
      equal(staticDelivery.clientKey, ctx.clientKey, "clientKey ACE authenticated");
    });

    await ctx.clearModules(check);
  }
};

// ---------------------------------------------------------------------------------------------
// Context, ACE process, helpers
// ---------------------------------------------------------------------------------------------

function createContext(aceApp) {
  const ctx = {
    ace: aceApp,
    serviceUrl,
    operatorKey,
    tenant,
    appKey: APP_KEY,
    tenantJson: null,
    clientKey: null,
    tenantBaseUrl: null,
    check: (name, fn) => reporter.check(name, fn),

    op(method, pathAndQuery, json) {
      return http(method, `${serviceUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${operatorKey}` }, json });
    },

    async ensureTenant(key = tenant, productType = "jira") {
      const result = await ctx.op("PUT", `/api/v1/tenants/${key}`, { productType, displayName: `Conformance ${key}` });
      expectStatus(result, [200, 201], `PUT /api/v1/tenants/${key}`);
      if (key === tenant) {
        ctx.tenantJson = result.json;
        ctx.clientKey = result.json.clientKey;
        ctx.tenantBaseUrl = result.json.baseUrl;
      }
      return result.json;
    },

    installApp(descriptorUrl = `${aceApp.baseUrl}/atlassian-connect.json`) {
      return ctx.op("POST", `/api/v1/tenants/${tenant}/apps`, { descriptorUrl });
    },

    /** The ACE app's driver: POST /driver/{name} with the tenant's clientKey; returns {status, body} or {error}. */
    async driver(name, body = {}) {
      const result = await http("POST", `${aceApp.baseUrl}/driver/${name}`, { json: { clientKey: ctx.clientKey, ...body } });
      if (result.error) {
        return result;
      }
      if (result.status !== 200 || !result.json) {
        return { error: `driver ${name} answered ${result.status} ${show(result.text)}` };
      }
      return result.json;
    },

    async state() {
      const result = await http("GET", `${aceApp.baseUrl}/driver/state`);
      expectStatus(result, 200, "driver state");
      return result.json;
    },

    async clientInfo() {
      const result = await http("GET", `${aceApp.baseUrl}/driver/client-info?clientKey=${encodeURIComponent(ctx.clientKey)}`);
      expectStatus(result, 200, "ACE clientInfo");
      return result.json;
    },

    /** Makes sure the tenant exists, the app is installed and enabled, and it has no dynamic modules. */
    async prepare(check) {
      await check("setup: tenant exists, app installed, no dynamic modules, default quota", async () => {
        await ctx.ensureTenant();
        const current = await ctx.op("GET", `/api/v1/tenants/${tenant}/apps/${APP_KEY}`);
        if (current.status !== 200 || current.json.state === "uninstalled") {
          expectStatus(await ctx.installApp(), [200, 201], "install");
        } else if (current.json.state === "disabled") {
          expectStatus(await ctx.op("POST", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/enable`), 200, "enable");
        }
        expectStatus(await ctx.op("PUT", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/quota`, { limit: null }), 200, "reset quota");
        expectStatus(await ctx.driver("remove", { moduleKeys: [] }), 204, "delete all dynamic modules");
      });
    },

    /** Waits for a webhook ACE authenticated; on timeout the failure shows the service's delivery log. */
    async waitForWebhook(kind, after) {
      try {
        return await waitFor(`a ${kind} webhook delivery that ACE authenticated`, async () => {
          const state = await ctx.state();
          return state.webhooks.slice(after).find(w => w.kind === kind);
        });
      } catch (error) {
        const log = await ctx.op("GET", `/api/v1/tenants/${tenant}/deliveries?app=${APP_KEY}`);
        fail(`${error.message}; the service's delivery log: ${log.status} ${show(log.text)}`);
      }
    },

    async clearModules(check) {
      await check("cleanup: delete all dynamic modules → 204", async () => {
        expectStatus(await ctx.driver("remove", { moduleKeys: [] }), 204, "delete all");
      });
    },

    async restoreQuota(check) {
      await check("cleanup: quota back to the tenant default", async () => {
        expectStatus(await ctx.op("PUT", `/api/v1/tenants/${tenant}/apps/${APP_KEY}/quota`, { limit: null }), 200, "reset quota");
      });
    }
  };
  return ctx;
}

async function startAceApp() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: "development",
    FORCE_COLOR: "0",
    PORT: String(port),
    AC_LOCAL_BASE_URL: baseUrl,
    CONNECT_KEYS_CDN_URL: `${serviceUrl}/connect-keys`
  };
  delete env.AC_OPTS; // AC_OPTS=no-auth would switch ACE's install verification off.
  const child = spawn(process.execPath, ["app.js"], { cwd: path.join(here, "ace-app"), env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = chunk => {
    log += chunk.toString("utf8");
    if (log.length > 400000) {
      log = log.slice(-200000);
    }
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise(resolve => child.once("exit", code => resolve(code)));

  const deadline = Date.now() + 30000;
  for (;;) {
    if (log.includes("ACE conformance app listening")) {
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      console.log(`ACE app did not start:\n${log}`);
      console.log("\n0 passed, 1 failed");
      process.exit(1);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }

  return {
    baseUrl,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
    }
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function parseArgs(argv) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) {
      result[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      result[arg.slice(2)] = argv[++i];
    } else {
      result[arg.slice(2)] = true;
    }
  }
  return result;
}

function webItem(key) {
  return { key, location: "system.top.navigation.bar", url: `/${key}`, name: { value: `Item ${key}` } };
}

function forgeEntityProperty() {
  return { entityType: "issue", propertyKey: "conformance", values: [{ path: "color", type: "string", searchAlias: "conformanceColor" }] };
}

function verifyStandardWebhook(delivery, secret) {
  for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    assert(delivery.headers[header], `missing ${header} header; got ${show(Object.keys(delivery.headers))}`);
  }
  try {
    new Webhook(secret).verify(delivery.rawBody || "", delivery.headers);
  } catch (error) {
    fail(`standardwebhooks refused the delivery: ${error.message}`);
  }
}

function pick(object, names) {
  assert(object && typeof object === "object", `expected an object, got ${show(object)}`);
  return Object.fromEntries(names.map(name => [name, object[name]]));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const ace = await startAceApp();
  let exitCode = 1;
  try {
    const ctx = createContext(ace);
    console.log(`service ${serviceUrl}, tenant ${tenant}, ACE app ${ace.baseUrl}, cases: ${cases.join(", ")}`);
    for (const name of cases) {
      reporter.startCase(name);
      await CASES[name](ctx);
    }
    exitCode = reporter.failed > 0 ? 1 : 0;
  } catch (error) {
    console.log(`\nrun aborted: ${error && error.stack ? error.stack : error}`);
    reporter.failed++;
  } finally {
    await ace.stop();
    if (verbose || reporter.failed > 0) {
      console.log(`\n-- ACE app log (last 120 lines) --\n${ace.log().split("\n").slice(-120).join("\n")}\n-- end of ACE app log --`);
    }
    if (reporter.failures.length > 0) {
      console.log(`\nFailures:\n${reporter.failures.map(f => `  - ${f}`).join("\n")}`);
    }
    console.log(`\n${reporter.summaryLine()}`);
  }
  process.exit(exitCode);
}

await main();
