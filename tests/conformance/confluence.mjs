// The Confluence /wiki context path (DESIGN §4.1) as two real clients see it: the unmodified ACE app installed on a
// Confluence tenant (it prefixes the base URL it was given, {PublicUrl}/t/{tenant}/wiki), and confluence.js 3.2.0 with
// the site URL {PublicUrl}/t/{tenant} as its host (it prefixes /wiki itself). confluence.js has no Connect JWT, so the
// one piece of test code between it and the service is a client stand-in that adds the header, as an app would: a
// token signed with the installation's shared secret, qsh relative to the app's base URL (atlassian-jwt).

import jwt from "atlassian-jwt";
import { createV1Client } from "confluence.js";
import { createClient } from "confluence.js/core";
import { assert, equal, expectStatus, keysOf, show } from "./lib.mjs";

const now = () => Math.floor(Date.now() / 1000);

/** confluence.js's own client for the site, with a Connect JWT added to every request it sends. */
function confluenceAsConnectApp(siteUrl, baseUrl, appKey, sharedSecret) {
  const site = createClient({ host: siteUrl });
  return createV1Client({
    async sendRequest(request) {
      const url = new URL(siteUrl + request.url);
      for (const [name, value] of Object.entries(request.searchParams || {})) {
        for (const item of Array.isArray(value) ? value : [value]) {
          url.searchParams.append(name, String(item));
        }
      }
      const qsh = jwt.createQueryStringHash(jwt.fromMethodAndUrl(request.method, url.toString()), false, baseUrl);
      const token = jwt.encodeSymmetric({ iss: appKey, iat: now(), exp: now() + 180, qsh }, sharedSecret, "HS256");
      return site.sendRequest({ ...request, headers: { ...request.headers, Authorization: `JWT ${token}` } });
    }
  });
}

export async function runConfluence(ctx) {
  const { check } = ctx;
  const siteUrl = `${ctx.serviceUrl}/t/${ctx.tenant}`;

  await check("PUT /api/v1/tenants/{t} {productType: confluence} gives the baseUrl {PublicUrl}/t/{t}/wiki", async () => {
    await ctx.ensureTenant(ctx.tenant, "confluence");
    equal(ctx.tenantBaseUrl, `${siteUrl}/wiki`, "tenant baseUrl");
  });

  const installsBefore = (await ctx.state()).installed.length;
  await check("the unmodified ACE app installs on the Confluence tenant and stores the /wiki base URL", async () => {
    expectStatus(await ctx.installApp(), [200, 201], "install");
    const saved = (await ctx.state()).installed.slice(installsBefore);
    equal(saved.length, 1, "installs ACE saved");
    equal(saved[0].baseUrl, `${siteUrl}/wiki`, "baseUrl ACE stored");
    equal((await ctx.clientInfo()).productType, "confluence", "productType in ACE's stored clientInfo");
  });

  await check("ACE registers, lists and deletes dynamic modules under /t/{t}/wiki", async () => {
    const registered = await ctx.driver("register", { modules: { webItems: [item("ace-wiki-item")] } });
    expectStatus(registered, 200, "ACE register");
    const listed = await ctx.driver("list");
    expectStatus(listed, 200, "ACE list");
    equal(keysOf(listed.body), ["ace-wiki-item"], "keys ACE lists");
    expectStatus(await ctx.driver("remove", { moduleKeys: ["ace-wiki-item"] }), 204, "ACE delete");
  });

  const info = await ctx.clientInfo();
  const confluence = confluenceAsConnectApp(siteUrl, ctx.tenantBaseUrl, info.key, info.sharedSecret);

  await check("confluence.js dynamicModules.registerModules with the site URL as host → accepted", async () => {
    await confluence.dynamicModules.registerModules({ body: { webItems: [item("cjs-item-1"), item("cjs-item-2")] } });
  });

  await check("confluence.js dynamicModules.getModules lists them, and ACE sees the same modules", async () => {
    const modules = await confluence.dynamicModules.getModules();
    equal(keysOf(modules), ["cjs-item-1", "cjs-item-2"], "keys confluence.js lists");
    const listed = await ctx.driver("list");
    equal(keysOf(listed.body), ["cjs-item-1", "cjs-item-2"], "keys ACE lists");
  });

  await check("confluence.js dynamicModules.removeModules({moduleKey}) deletes only those", async () => {
    await confluence.dynamicModules.removeModules({ moduleKey: ["cjs-item-1"] });
    equal(keysOf(await confluence.dynamicModules.getModules()), ["cjs-item-2"], "keys left");
  });

  await check("a token signed with another secret does not pass under /wiki (confluence.js fails with 401)", async () => {
    const other = confluenceAsConnectApp(siteUrl, ctx.tenantBaseUrl, info.key, "not-the-shared-secret-0123456789abcdef");
    let status;
    try {
      await other.dynamicModules.getModules();
    } catch (error) {
      status = error.status;
    }
    assert(status === 401, `expected confluence.js to fail with 401, got ${show(status)}`);
  });

  await check("cleanup: confluence.js removes the rest", async () => {
    await confluence.dynamicModules.removeModules({ moduleKey: ["cjs-item-2"] });
    equal(keysOf(await confluence.dynamicModules.getModules()), [], "keys left");
  });
}

function item(key) {
  return { key, location: "system.content.action", url: `/${key}`, name: { value: `Item ${key}` } };
}
