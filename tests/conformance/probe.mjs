// Raw atlassian-jwt 2.0.3 probes of the Connect dynamic modules API (specs/connect.md §2, §6 step 3):
// tokens the host must refuse (401 {"message"}) and the lenient forms real clients send (jira.js:
// no aud, qsh over the full path, comma-separated moduleKey, {"modules": {...}} body) that it must
// accept. The app's shared secret comes from the ACE app's own store.

import jwt from "atlassian-jwt";
import { DYNAMIC_MODULES, assert, equal, expectMessageBody, expectStatus, http, keysOf, show } from "./lib.mjs";

const now = () => Math.floor(Date.now() / 1000);

export async function runProbes(ctx) {
  const { check } = ctx;
  const info = await ctx.clientInfo();
  const secret = info.sharedSecret;
  const appKey = info.key;
  const clientKey = ctx.clientKey;
  const base = new URL(ctx.tenantBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const url = pathAndQuery => `${ctx.tenantBaseUrl}${pathAndQuery}`;

  /** qsh as ACE computes it: over the URL relative to the tenant baseUrl. */
  const relativeQsh = (method, pathAndQuery) => jwt.createQueryStringHash(jwt.fromMethodAndUrl(method, pathAndQuery));
  /** qsh as jira.js computes it: over the full request path (context path included). */
  const fullPathQsh = (method, pathAndQuery) => jwt.createQueryStringHash(jwt.fromMethodAndUrl(method, basePath + pathAndQuery));

  const claims = (method, pathAndQuery, overrides = {}) => {
    const value = {
      iss: appKey,
      iat: now(),
      exp: now() + 180,
      qsh: relativeQsh(method, pathAndQuery),
      aud: [clientKey],
      ...overrides
    };
    for (const [name, claim] of Object.entries(value)) {
      if (claim === undefined) {
        delete value[name];
      }
    }
    return value;
  };
  const sign = (payload, key = secret) => jwt.encodeSymmetric(payload, key, "HS256");
  const send = (method, pathAndQuery, token, { json, tokenInQuery = false, target = url } = {}) => {
    let full = target(pathAndQuery);
    const headers = {};
    if (token && tokenInQuery) {
      full += `${full.includes("?") ? "&" : "?"}jwt=${encodeURIComponent(token)}`;
    } else if (token) {
      headers.authorization = `JWT ${token}`;
    }
    return http(method, full, { headers, json });
  };
  const refused = async (what, result) => {
    expectStatus(result, 401, what);
    expectMessageBody(result.text, what);
  };
  const list = async () => {
    const result = await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES)));
    expectStatus(result, 200, "GET with a valid token");
    return result.json;
  };

  // --- baseline -----------------------------------------------------------------------------------

  await check("baseline: ACE-shaped token (iss=app key, aud=[clientKey], relative qsh) → 200", async () => {
    await list();
  });

  // --- refused ------------------------------------------------------------------------------------

  await check("no token → 401 {message}", async () => {
    await refused("no token", await send("GET", DYNAMIC_MODULES, null));
  });

  await check("Authorization: Bearer <valid token> (wrong scheme) → 401", async () => {
    const result = await http("GET", url(DYNAMIC_MODULES), { headers: { authorization: `Bearer ${sign(claims("GET", DYNAMIC_MODULES))}` } });
    await refused("Bearer scheme", result);
  });

  await check("signed with the wrong secret → 401", async () => {
    await refused("wrong secret", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES), `${secret}x`)));
  });

  await check("expired 60 s ago (beyond the 30 s leeway) → 401", async () => {
    const token = sign(claims("GET", DYNAMIC_MODULES, { iat: now() - 300, exp: now() - 60 }));
    await refused("expired", await send("GET", DYNAMIC_MODULES, token));
  });

  await check("no exp claim → 401", async () => {
    await refused("no exp", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { exp: undefined }))));
  });

  await check("missing qsh → 401", async () => {
    await refused("missing qsh", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { qsh: undefined }))));
  });

  await check("tampered query (qsh for ?probe=1, sent ?probe=2) → 401", async () => {
    const token = sign(claims("GET", `${DYNAMIC_MODULES}?probe=1`));
    await refused("tampered query", await send("GET", `${DYNAMIC_MODULES}?probe=2`, token));
  });

  await check("qsh for GET used on DELETE → 401 and nothing deleted", async () => {
    const registered = await send("POST", DYNAMIC_MODULES, sign(claims("POST", DYNAMIC_MODULES)), { json: { webItems: [webItem("probe-keep")] } });
    expectStatus(registered, 200, "register probe-keep");
    const token = sign(claims("GET", DYNAMIC_MODULES));
    await refused("method swap", await send("DELETE", DYNAMIC_MODULES, token));
    equal(keysOf(await list()), ["probe-keep"], "keys after the refused DELETE");
  });

  await check('qsh "context-qsh" (a browser context token) → 401', async () => {
    await refused("context-qsh", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { qsh: "context-qsh" }))));
  });

  const otherTenant = `${ctx.tenant.slice(0, 56)}-other`;
  let other = null;
  await check("aud naming another tenant's clientKey → 401", async () => {
    other = await ctx.ensureTenant(otherTenant);
    assert(other.clientKey && other.clientKey !== clientKey, `other tenant has no distinct clientKey: ${show(other)}`);
    await refused("aud of another tenant", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { aud: [other.clientKey] }))));
  });

  await check("valid token sent to another tenant's URL (app not installed there) → 401", async () => {
    assert(other, "no other tenant");
    const token = sign(claims("GET", DYNAMIC_MODULES, { aud: undefined }));
    await refused("cross-tenant", await send("GET", DYNAMIC_MODULES, token, { target: p => `${other.baseUrl}${p}` }));
  });

  await check("iss of an app not installed in this tenant (signed with this app's secret) → 401", async () => {
    await refused("unknown iss", await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { iss: "not-installed-app" }))));
  });

  await check('alg "none" token → 401', async () => {
    const encode = value => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ typ: "JWT", alg: "none" })}.${encode(claims("GET", DYNAMIC_MODULES))}.`;
    await refused("alg none", await send("GET", DYNAMIC_MODULES, token));
  });

  // --- accepted -----------------------------------------------------------------------------------

  await check("token in ?jwt= instead of the header → 200", async () => {
    const result = await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES)), { tokenInQuery: true });
    expectStatus(result, 200, "?jwt=");
    equal(keysOf(result.json), ["probe-keep"], "keys");
  });

  await check("exp 10 s ago (within the 30 s leeway) → 200", async () => {
    const token = sign(claims("GET", DYNAMIC_MODULES, { iat: now() - 190, exp: now() - 10 }));
    expectStatus(await send("GET", DYNAMIC_MODULES, token), 200, "within leeway");
  });

  // jira.js 6.2.0 style: claims iss, iat, exp, qsh only; qsh over the full pathname.
  const jiraJs = (method, pathAndQuery) => claims(method, pathAndQuery, { aud: undefined, qsh: fullPathQsh(method, pathAndQuery) });

  await check("jira.js style: no aud → 200", async () => {
    expectStatus(await send("GET", DYNAMIC_MODULES, sign(claims("GET", DYNAMIC_MODULES, { aud: undefined }))), 200, "no aud");
  });

  await check(`jira.js style: qsh over the full path (${basePath}${DYNAMIC_MODULES}) → 200`, async () => {
    assert(basePath.length > 0, `the tenant baseUrl ${ctx.tenantBaseUrl} has no context path, so this probe proves nothing`);
    expectStatus(await send("GET", DYNAMIC_MODULES, sign(jiraJs("GET", DYNAMIC_MODULES))), 200, "full-path qsh");
  });

  await check('jira.js style: POST {"modules": {"webItems": [...]}} wrapper → 200, registered', async () => {
    const result = await send("POST", DYNAMIC_MODULES, sign(jiraJs("POST", DYNAMIC_MODULES)), {
      json: { modules: { webItems: [webItem("probe-a"), webItem("probe-b")] } }
    });
    expectStatus(result, 200, "wrapper body");
    equal(keysOf(await list()), ["probe-a", "probe-b", "probe-keep"], "keys");
  });

  await check('POST {"modules": [ ... ]} (untyped array) → 400 {message}', async () => {
    const result = await send("POST", DYNAMIC_MODULES, sign(claims("POST", DYNAMIC_MODULES)), { json: { modules: [webItem("probe-c")] } });
    expectStatus(result, 400, "array wrapper");
    expectMessageBody(result.text, "array wrapper");
  });

  await check("jira.js style: DELETE ?moduleKey=probe-a,probe-b (comma-separated) → 204, both gone", async () => {
    const pathAndQuery = `${DYNAMIC_MODULES}?moduleKey=probe-a,probe-b`;
    expectStatus(await send("DELETE", pathAndQuery, sign(jiraJs("DELETE", pathAndQuery))), 204, "comma-separated DELETE");
    equal(keysOf(await list()), ["probe-keep"], "keys left");
  });

  await check("DELETE ?moduleKey=b&moduleKey=a (repeated; qsh sorts the values) → 204", async () => {
    const pathAndQuery = `${DYNAMIC_MODULES}?moduleKey=probe-keep&moduleKey=absent-key`;
    expectStatus(await send("DELETE", pathAndQuery, sign(claims("DELETE", pathAndQuery))), 204, "repeated DELETE");
    equal(keysOf(await list()), [], "keys left");
  });
}

function webItem(key) {
  return { key, location: "system.top.navigation.bar", url: `/${key}`, name: { value: `Probe ${key}` } };
}
