/**
 * Fuzzes every coordinator route, generated from the OpenAPI document the coordinator serves
 * (`GET /openapi.json`): random and boundary values for every field, wrong types, missing and
 * extra fields, huge and malformed bodies, odd paths and methods. Seeded, so a failure
 * reproduces (FUZZ_SEED=n). Every answer must be one the document lists for the operation
 * (or 404 for no route), never 500 INTERNAL; the process stays up and its heap bounded.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createSessionKey } from "@streamrp2p/protocol";
import {
  call,
  createStream,
  heartbeatBody,
  login,
  newAccount,
  startHarness,
  type Harness,
} from "./support/harness.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const REQUESTS = 2400;
const CONCURRENCY = 8;
const BODY_LIMIT = 64 * 1024;
/** Generous: the heap may grow by this much over the whole run (after a full GC). */
const HEAP_GROWTH_LIMIT = 48 * 1024 * 1024;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

type Random = ReturnType<typeof prng>;
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
};
interface Operation {
  method: string;
  path: string;
  statuses: Set<number>;
  params: { name: string; in: string; schema: Schema }[];
  body: Schema | undefined;
  auth: boolean;
}

const hex = (r: Random, bytes: number) =>
  `0x${Array.from({ length: bytes * 2 }, () => "0123456789abcdef"[r.int(16)]).join("")}`;

/** Values of any type that break assumptions: boundaries, wrong types, odd strings. */
function oddValue(r: Random, depth = 0): unknown {
  const values: (() => unknown)[] = [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 53,
    () => -(2 ** 63),
    () => 1e308,
    () => Number.MIN_VALUE,
    () => "",
    () => " ",
    () => "0",
    () => "-1",
    () => "1e400",
    () => "NaN",
    () => "0x",
    () => hex(r, 20),
    () => hex(r, 32),
    () => hex(r, 65),
    () => "x".repeat(r.pick([100, 5000, 40_000])),
    () => "\u0000\uffff\ud800",
    () => "__proto__",
    () => "constructor",
    () => "http://127.0.0.1:1",
    () => "javascript:alert(1)",
    () => "%00%ff",
    () => "../../etc/passwd",
    () => ({}),
    () => [],
    () => ({ __proto__: { polluted: 1 } }),
    () => (depth < 3 ? [oddValue(r, depth + 1), oddValue(r, depth + 1)] : []),
    () => (depth < 3 ? { [String(oddValue(r, 3))]: oddValue(r, depth + 1) } : {}),
  ];
  return r.pick(values)();
}

/** A value for the schema: mostly plausible (boundaries of its type), sometimes anything. */
function valueFor(r: Random, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || r.next() < 0.15 || depth > 4) return oddValue(r);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return r.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return valueFor(r, r.pick(alternatives), depth + 1);
  const type = Array.isArray(schema.type) ? r.pick(schema.type) : schema.type;
  switch (type) {
    case "integer":
    case "number": {
      const min = schema.minimum ?? -(2 ** 53);
      const max = schema.maximum ?? 2 ** 53;
      return r.pick([min, max, min - 1, max + 1, 0, r.int(1000), (min + max) / 2, 0.5]);
    }
    case "boolean":
      return r.next() < 0.5;
    case "string": {
      const n = r.pick([
        schema.minLength ?? 0,
        schema.maxLength ?? 64,
        (schema.maxLength ?? 64) + 1,
        Math.max(0, (schema.minLength ?? 1) - 1),
      ]);
      return r.pick([
        () => hex(r, 32),
        () => hex(r, 20),
        () => hex(r, 65),
        () => "A".repeat(n),
        () => "ü".repeat(n),
        () => "http://127.0.0.1:" + r.int(70_000),
        () => String(r.int(1e9)),
      ])();
    }
    case "array": {
      const n = r.pick([
        0,
        1,
        schema.minItems ?? 0,
        schema.maxItems ?? 3,
        (schema.maxItems ?? 3) + 1,
      ]);
      return Array.from({ length: Math.min(n, 1200) }, () => valueFor(r, schema.items, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(name) ?? false;
        if (!required && r.next() < 0.4) continue;
        if (required && r.next() < 0.05) continue;
        out[name] = valueFor(r, property, depth + 1);
      }
      if (r.next() < 0.1) out[String(oddValue(r, 3))] = oddValue(r);
      return out;
    }
    default:
      return oddValue(r);
  }
}

function pathValue(r: Random): string {
  return r.pick([
    () => hex(r, 32),
    () => hex(r, 20),
    () => String(r.int(10)),
    () => "0",
    () => "%00%ff",
    () => "%",
    () => "%E0%A4%A",
    () => "%2e%2e%2f",
    () => "..",
    () => encodeURIComponent("a b/c?d#e"),
    () => "9".repeat(200),
    () => "x".repeat(4000),
    () => hex(r, 32).toUpperCase(),
    () => "null",
  ])();
}

/** Percent-encodes; a lone surrogate (which encodeURIComponent refuses) goes raw as its UTF-8 bytes. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

function queryString(r: Random, params: Operation["params"]): string {
  const parts: string[] = [];
  for (const p of params.filter((p) => p.in === "query")) {
    if (r.next() < 0.3) continue;
    const v = valueFor(r, p.schema);
    parts.push(`${p.name}=${encode(typeof v === "string" ? v : JSON.stringify(v))}`);
    if (r.next() < 0.1) parts.push(`${p.name}=${encodeURIComponent(String(r.int(5)))}`);
  }
  if (r.next() < 0.1) parts.push(r.pick(["x[y]=1", "%ff=%fe", "a", "=&=", "__proto__[x]=1"]));
  return parts.length ? `?${parts.join("&")}` : "";
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function buildRequest(r: Random, op: Operation, token: string): Request {
  const path = op.path.replace(/\{([A-Za-z]+)\}/g, () => pathValue(r)) + queryString(r, op.params);
  const headers: Record<string, string> = {};
  if (op.auth || r.next() < 0.05) {
    headers.authorization = r.pick([
      `Bearer ${token}`,
      `Bearer ${token}`,
      "Bearer x",
      `Bearer ${"A".repeat(100)}`,
      "Basic Zm9vOmJhcg==",
    ]);
  }
  if (op.method === "get") return { method: "GET", path, headers };
  const kind = r.next();
  headers["content-type"] = "application/json";
  if (kind < 0.7)
    return { method: "POST", path, headers, body: JSON.stringify(valueFor(r, op.body)) };
  if (kind < 0.75) return { method: "POST", path, headers, body: "x".repeat(BODY_LIMIT + 1000) };
  if (kind < 0.8)
    return { method: "POST", path, headers, body: `{"a":"${"y".repeat(BODY_LIMIT * 2)}"}` };
  if (kind < 0.85)
    return { method: "POST", path, headers, body: `${"[".repeat(5000)}${"]".repeat(5000)}` };
  if (kind < 0.9)
    return {
      method: "POST",
      path,
      headers,
      body: r.pick(["", "{", "1", "null", '"s"', "[]", "{}"]),
    };
  headers["content-type"] = r.pick([
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=latin1",
    "multipart/form-data; boundary=x",
  ]);
  return { method: "POST", path, headers, body: "a=1" };
}

function oddRequest(r: Random): Request {
  return {
    method: r.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "GET", "POST"]),
    path: r.pick([
      "/",
      "/v1",
      "/v1/",
      "/v2/streams",
      "/v1/streams/",
      "//v1//streams",
      "/v1/streams/%00",
      "/v1/relays/heartbeat/extra",
      `/${"a/".repeat(500)}`,
      "/v1/%ff%fe",
      "/openapi.json/..",
    ]),
    headers: {},
  };
}

describe("fuzzing every route from the OpenAPI document", () => {
  let h: Harness;
  let operations: Operation[];
  let token: string;
  before(async () => {
    h = await startHarness({ rateLimitMax: 1_000_000, bodyLimitBytes: BODY_LIMIT });
    const relay = newAccount();
    h.stake.staked.add(relay.address.toLowerCase());
    token = await login(h, relay);
    const stream = await createStream(h, newAccount());
    await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({ streams: [stream.streamId] }),
    });
    const doc = (await call(h, "GET", "/openapi.json")).body as {
      paths: Record<string, Record<string, any>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method,
        path,
        statuses: new Set(Object.keys(op.responses).map(Number)),
        params: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
        auth: op.security !== undefined,
      })),
    );
    assert.ok(operations.length >= 25, `${operations.length} operations`);
  });
  after(() => h.close());

  it(`${REQUESTS} requests: only documented answers, no 500, heap bounded, process up`, async (t) => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const r = prng(SEED);
    const requests = Array.from({ length: REQUESTS }, () =>
      r.next() < 0.05
        ? { op: undefined, req: oddRequest(r) }
        : (() => {
            const op = r.pick(operations);
            return { op, req: buildRequest(r, op, token) };
          })(),
    );
    // A valid session key for one in ten session bodies, so they get past validation.
    const key = (await createSessionKey()).publicKey;
    for (const { op, req } of requests) {
      if (op?.path === "/v1/sessions" && req.body?.startsWith("{") && r.next() < 0.1) {
        let body: unknown;
        try {
          body = JSON.parse(req.body);
        } catch {
          continue; // a deliberately malformed body stays malformed
        }
        if (body && typeof body === "object")
          (body as Record<string, unknown>).viewerPublicKey = key;
        req.body = JSON.stringify(body);
      }
    }

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const { op, req } = requests[next++]!;
        const response = await fetch(`${h.url}${req.path}`, {
          method: req.method,
          headers: req.headers,
          ...(req.body === undefined ? {} : { body: req.body }),
        });
        const text = await response.text();
        const status = response.status;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        // An odd method or path matches no operation (or one by a different spelling): any 4xx.
        // 431: Node's HTTP parser refuses a request line over its header limit (16 KiB)
        // before the app sees it.
        const documented = op
          ? op.statuses.has(status) || status === 404 || status === 431
          : status < 500;
        if (status === 500 || !documented) {
          failures.push(
            `${req.method} ${req.path.slice(0, 120)} -> ${status} ${text.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;

    t.diagnostic(
      `seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}, heap ${(growth / 2 ** 20).toFixed(1)} MiB`,
    );
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} bad answers`);
    assert.ok(growth < HEAP_GROWTH_LIMIT, `heap grew by ${(growth / 2 ** 20).toFixed(1)} MiB`);
    assert.equal((await call(h, "GET", "/healthz")).status, 200, "still up");
    assert.equal((await call(h, "GET", "/v1/streams")).status, 200);
    assert.ok((byStatus.get(400) ?? 0) > REQUESTS / 4, JSON.stringify([...byStatus]));
    assert.ok((byStatus.get(200) ?? 0) > 0, "some requests are valid and answered");
  });
});
