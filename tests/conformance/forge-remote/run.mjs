// A Forge Remote fixture app run against a live Dynamic Modules service (DESIGN §4.5, docs/forge-apps.md).
//
//   node run.mjs --service http://127.0.0.1:5080 --operator-key KEY [--tenant forge-remote]
//
// The app is a remote back end on a free loopback port. It verifies EVERY request it receives with jose
// (createRemoteJWKSet over the service's /.well-known/jwks.json, RS256, iss forge/invocation-token, aud = the app id)
// and refuses with 401 what does not verify, as a real remote would. With the app system token a delivery hands it
// (x-forge-oauth-system) it registers a dynamic trigger back under app.apiBaseUrl, then receives events through it.
// Prints one line per check and "N passed, N failed"; exits non-zero on any failure.

import http from "node:http";
import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, decodeJwt } from "jose";

const options = {};
for (let i = 2; i < process.argv.length; i += 2) {
  options[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}

const serviceUrl = (options.service || "").replace(/\/$/, "");
const operatorKey = options["operator-key"] || process.env.DYNMOD_OPERATOR_KEY || "";
const tenant = options.tenant || `forge-remote-${randomUUID().slice(0, 8)}`;
if (!serviceUrl || !operatorKey) {
  console.error("usage: node run.mjs --service <service base URL> --operator-key <key> [--tenant <tenant>]");
  process.exit(2);
}

const appKey = `forge-remote-${randomUUID().slice(0, 8)}`;
const jwks = createRemoteJWKSet(new URL(`${serviceUrl}/.well-known/jwks.json`));
const received = [];
const waiters = [];
let passed = 0;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`  ok    ${name}`);
  } catch (error) {
    failed++;
    console.log(`  FAIL  ${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function call(method, url, { token, json, bearer } = {}) {
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, text, body, contentType: response.headers.get("content-type") };
}

const operator = (method, path, json) => call(method, `${serviceUrl}${path}`, { token: operatorKey, json });

/** Resolves with the first request at `path` that `match` accepts (already received or still to come). */
function waitFor(path, match = () => true, timeoutMs = 60_000) {
  const found = received.find((r) => r.path === path && match(r));
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no request at ${path} within ${timeoutMs} ms`)), timeoutMs);
    waiters.push({ path, match, resolve: (r) => { clearTimeout(timer); resolve(r); } });
  });
}

// What a remote's request handler does with every request: verify the FIT first, refuse when it does not verify.
async function handle(request, response) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  const url = new URL(request.url, "http://remote");
  if (url.pathname === "/installed" || url.pathname === "/enabled" || url.pathname === "/uninstalled") {
    response.writeHead(204).end();
    return;
  }

  const entry = { method: request.method, path: url.pathname, headers: request.headers, body: text ? JSON.parse(text) : undefined };
  const authorization = request.headers.authorization || "";
  try {
    assert(authorization.startsWith("Bearer "), "no Bearer FIT");
    const { payload, protectedHeader } = await jwtVerify(authorization.slice(7), jwks, {
      issuer: "forge/invocation-token",
      audience: appKey,
      algorithms: ["RS256"],
      requiredClaims: ["iat", "nbf", "exp", "jti"],
    });
    entry.fit = payload;
    entry.kid = protectedHeader.kid;
  } catch (error) {
    entry.refused = error.message;
  }

  received.push(entry);
  for (const waiter of waiters.splice(0)) {
    if (waiter.path === entry.path && waiter.match(entry)) waiter.resolve(entry);
    else waiters.push(waiter);
  }

  if (entry.refused) {
    response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: entry.refused }));
    return;
  }

  if (url.pathname.startsWith("/api")) {
    response.writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ verified: true, principal: entry.fit.principal ?? null, method: request.method, path: url.pathname, got: entry.body }));
    return;
  }

  response.writeHead(200).end();
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => response.writeHead(500).end(String(error)));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const descriptor = {
  key: appKey,
  name: "Forge Remote fixture",
  baseUrl,
  authentication: { type: "jwt" },
  apiMigrations: { "signed-install": true },
  lifecycle: { installed: "/installed", enabled: "/enabled", uninstalled: "/uninstalled" },
  scopes: ["READ", "WRITE"],
  modules: {
    endpoint: [
      { key: "events", route: { path: "/events" }, auth: { appSystemToken: { enabled: true } } },
      { key: "api", route: { path: "/api" }, auth: { appSystemToken: true, appUserToken: true } },
    ],
    trigger: [{ key: "on-created", endpoint: "events", events: ["avi:jira:created:issue", "avi:forge:installed:app"] }],
  },
};

let tenantBaseUrl;
let dynamicKey;
try {
  console.log(`Forge Remote fixture at ${baseUrl}, app ${appKey}, tenant ${tenant}`);
  await check("the tenant is created and the app installed", async () => {
    const created = await operator("PUT", `/api/v1/tenants/${tenant}`, { productType: "jira", displayName: "Forge Remote conformance" });
    assert(created.status === 200 || created.status === 201, `tenant: HTTP ${created.status} ${created.text}`);
    tenantBaseUrl = created.body.baseUrl;
    const installed = await operator("POST", `/api/v1/tenants/${tenant}/apps`, { descriptor });
    assert(installed.status === 201, `install: HTTP ${installed.status} ${installed.text}`);
  });

  await check("avi:forge:installed:app arrives with a FIT that jose verifies against the JWKS", async () => {
    const event = await waitFor("/events", (r) => r.body?.payload?.eventType === "avi:forge:installed:app");
    assert(!event.refused, `FIT refused: ${event.refused}`);
    assert(event.fit.app.apiBaseUrl === tenantBaseUrl, `app.apiBaseUrl ${event.fit.app.apiBaseUrl}, expected ${tenantBaseUrl}`);
    assert(event.fit.exp - event.fit.iat <= 600, "the FIT lives longer than minutes");
  });

  const createdEvent = await operator("POST", `/api/v1/tenants/${tenant}/events`, {
    id: randomUUID(), type: "avi:jira:created:issue", payload: { issue: { key: "FR-1", fields: { summary: "x" } } }, actor: { accountId: "user-1" },
  });
  await check("an event is delivered to the endpoint with the FIT's documented claims", async () => {
    assert(createdEvent.status === 202, `publish: HTTP ${createdEvent.status} ${createdEvent.text}`);
    const event = await waitFor("/events", (r) => r.body?.payload?.eventType === "avi:jira:created:issue");
    assert(!event.refused, `FIT refused: ${event.refused}`);
    const { app, context, principal } = event.fit;
    for (const claim of ["id", "appVersion", "installationId", "apiBaseUrl", "environment", "module"]) {
      assert(app[claim] !== undefined, `app.${claim} is missing`);
    }
    assert(app.id === appKey && app.module.key === "on-created", `app ${JSON.stringify(app)}`);
    assert(context.cloudId && context.moduleKey === "on-created", `context ${JSON.stringify(context)}`);
    assert(principal === "user-1", `principal ${principal}`);
    assert(/^[0-9a-f]{32}$/.test(event.headers["x-b3-traceid"]) && /^[0-9a-f]{16}$/.test(event.headers["x-b3-spanid"]), "B3 headers");
    assert(event.body.payload.issue.key === "FR-1" && event.body.context.cloudId === context.cloudId, "Forge body {payload, context}");
    assert(typeof event.headers["x-forge-oauth-system"] === "string", "no x-forge-oauth-system");
  });

  await check("with its system token the remote registers a dynamic trigger back under app.apiBaseUrl", async () => {
    const event = await waitFor("/events", (r) => r.body?.payload?.eventType === "avi:jira:created:issue");
    const token = event.headers["x-forge-oauth-system"];
    assert(decodeJwt(token).token_use === "system", "the system token is not a system token");
    const registered = await call("POST", `${event.fit.app.apiBaseUrl}/forge/installation/v2/dynamic/module`, {
      bearer: token,
      json: { type: "trigger", data: { endpoint: "events", events: ["avi:jira:updated:issue"] } },
    });
    assert(registered.status === 201, `register: HTTP ${registered.status} ${registered.text}`);
    dynamicKey = registered.body.key;
    const quota = await call("GET", `${event.fit.app.apiBaseUrl}/rest/dynamic-modules/1/quota`, { bearer: token });
    assert(quota.status === 200 && quota.body.used === 1, `quota: HTTP ${quota.status} ${quota.text}`);
    const tampered = await call("GET", `${event.fit.app.apiBaseUrl}/rest/dynamic-modules/1/quota`, { bearer: token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA") });
    assert(tampered.status === 401 && typeof tampered.body?.message === "string", `a tampered token got HTTP ${tampered.status}`);
  });

  await check("an event for the dynamic trigger reaches the remote, FIT verified", async () => {
    const updated = await operator("POST", `/api/v1/tenants/${tenant}/events`, {
      id: randomUUID(), type: "avi:jira:updated:issue", payload: { issue: { key: "FR-1" } },
    });
    assert(updated.status === 202 && updated.body.deliveries === 1, `publish: HTTP ${updated.status} ${updated.text}`);
    const event = await waitFor("/events", (r) => r.body?.context?.moduleKey === dynamicKey);
    assert(!event.refused, `FIT refused: ${event.refused}`);
    assert(event.fit.app.module.key === dynamicKey && event.fit.principal === undefined, `module ${JSON.stringify(event.fit.app.module)}`);
  });

  await check("invoke calls the api endpoint with a verified FIT and passes the answer back", async () => {
    const invoked = await operator("POST", `/api/v1/tenants/${tenant}/apps/${appKey}/invoke`, {
      endpoint: "api", method: "PATCH", path: "/hello", payload: { x: 1 }, principal: { accountId: "user-2" },
    });
    assert(invoked.status === 200, `invoke: HTTP ${invoked.status} ${invoked.text}`);
    assert(invoked.body.verified === true && invoked.body.principal === "user-2", `answer ${invoked.text}`);
    assert(invoked.body.method === "PATCH" && invoked.body.path === "/api/hello" && invoked.body.got.x === 1, `answer ${invoked.text}`);
    const request = await waitFor("/api/hello");
    assert(typeof request.headers["x-forge-oauth-user"] === "string", "no x-forge-oauth-user for an acting user");
  });

  await check("every request the remote received carried a FIT that verified", async () => {
    const refused = received.filter((r) => r.refused);
    assert(received.length >= 4, `only ${received.length} requests`);
    assert(refused.length === 0, `refused: ${JSON.stringify(refused.map((r) => [r.path, r.refused]))}`);
  });

  await check("jose refuses a FIT whose signature was changed (the verification is real)", async () => {
    const token = received.find((r) => r.fit).headers.authorization.slice(7);
    const [header, payload, signature] = token.split(".");
    const changed = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    let refused = false;
    try {
      await jwtVerify(changed, jwks, { issuer: "forge/invocation-token", audience: appKey });
    } catch {
      refused = true;
    }
    assert(refused, "a changed signature verified");
  });
} finally {
  server.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
