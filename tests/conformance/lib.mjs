// Shared helpers of the conformance suite: HTTP, assertions, reporting.

import { isDeepStrictEqual, inspect } from "node:util";

export const DYNAMIC_MODULES = "/rest/atlassian-connect/1/app/module/dynamic";
export const FORGE_MODULES = "/forge/installation/v2/dynamic/module";
export const QUOTA = "/rest/dynamic-modules/1/quota";

/** A failed expectation; its message is printed as the reason. */
export class CheckFailure extends Error {}

/** A check that cannot run on this build (e.g. an API that has not landed); counted as skipped. */
export class CheckSkipped extends Error {}

export function fail(message) {
  throw new CheckFailure(message);
}

export function skip(message) {
  throw new CheckSkipped(message);
}

export function assert(condition, message) {
  if (!condition) {
    fail(message);
  }
}

export function show(value) {
  if (typeof value === "string") {
    return value.length > 600 ? `${value.slice(0, 600)}…` : value;
  }
  return inspect(value, { depth: 6, breakLength: Infinity, maxStringLength: 300 });
}

export function equal(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** Asserts an HTTP-ish result {status, body|text} has the status, with the body in the message. */
export function expectStatus(result, expected, what) {
  if (result.error) {
    fail(`${what}: expected HTTP ${expected}, but the call failed: ${result.error}`);
  }
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (!allowed.includes(result.status)) {
    const body = result.text !== undefined ? result.text : result.body;
    fail(`${what}: expected HTTP ${allowed.join(" or ")}, got ${result.status} ${show(body)}`);
  }
}

/** Asserts the body is a Connect error object {"message": string}. */
export function expectMessageBody(body, what) {
  const parsed = typeof body === "string" ? tryParse(body) : body;
  assert(
    parsed && typeof parsed === "object" && !Array.isArray(parsed) && typeof parsed.message === "string" && parsed.message.length > 0,
    `${what}: expected a JSON body {"message": "..."}, got ${show(body)}`
  );
  return parsed.message;
}

export function tryParse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

/** fetch with a timeout; returns {status, text, json, headers} or {error}. */
export async function http(method, url, { headers = {}, json, body, timeoutMs = 30000 } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["content-type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, text, json: tryParse(text), headers: response.headers };
  } catch (error) {
    return { error: `${method} ${url}: ${error.cause ? error.cause.message || error.cause : error.message}` };
  }
}

/** Every module of a descriptor-shaped object, as [type, module] pairs. */
export function modulesOf(body) {
  assert(body && typeof body === "object" && !Array.isArray(body), `expected a descriptor-shaped object, got ${show(body)}`);
  const pairs = [];
  for (const [type, list] of Object.entries(body)) {
    assert(Array.isArray(list), `expected "${type}" to be an array of modules, got ${show(list)}`);
    for (const module of list) {
      pairs.push([type, module]);
    }
  }
  return pairs;
}

export function keysOf(body) {
  return modulesOf(body).map(([, module]) => module.key).sort();
}

export async function waitFor(what, probe, { timeoutMs = 20000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) {
      return last;
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
  fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Runs checks and counts them; each case is a named list of checks. */
export class Reporter {
  constructor(out = console.log) {
    this.out = out;
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
    this.failures = [];
  }

  startCase(name) {
    this.caseName = name;
    this.out(`\n== ${name}`);
  }

  /** Runs one check; returns true when it passed. A thrown non-check error is a failure too. */
  async check(name, fn) {
    const started = Date.now();
    try {
      await fn();
      this.passed++;
      this.out(`  ok    ${name} (${Date.now() - started} ms)`);
      return true;
    } catch (error) {
      if (error instanceof CheckSkipped) {
        this.skipped++;
        this.out(`  skip  ${name}: ${error.message}`);
        return false;
      }
      this.failed++;
      const reason = error instanceof CheckFailure ? error.message : error && error.stack ? error.stack : String(error);
      this.failures.push(`${this.caseName} / ${name}: ${reason}`);
      this.out(`  FAIL  ${name}: ${reason}`);
      return false;
    }
  }

  summaryLine() {
    return this.skipped > 0
      ? `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`
      : `${this.passed} passed, ${this.failed} failed`;
  }
}
