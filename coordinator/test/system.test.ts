import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { pino } from "pino";
import { createApp } from "../src/app.ts";
import { createServices } from "../src/services.ts";
import { ERROR_CODES } from "../src/errors.ts";
import { listen } from "../src/listen.ts";
import {
  call,
  createStreamBody,
  newAccount,
  snapshot,
  startHarness,
  type Harness,
} from "./support/harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ rateLimitMax: 1000 });
});
after(() => h.close());

describe("GET /healthz, /metrics, /openapi.json", () => {
  it("reports healthy while Redis answers", async () => {
    const res = await call(h, "GET", "/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ok", redis: "ok" });
    assert.ok(res.headers.get("x-request-id"));
  });

  it("echoes a sane x-request-id", async () => {
    const res = await call(h, "GET", "/healthz", { headers: { "x-request-id": "abc-123" } });
    assert.equal(res.headers.get("x-request-id"), "abc-123");
  });

  it("exposes Prometheus metrics, labelled by route and error code", async () => {
    await call(h, "GET", "/v1/streams");
    await call(h, "GET", "/v1/streams/nope");
    const res = await call<string>(h, "GET", "/metrics");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
    assert.match(
      res.body,
      /coordinator_http_requests_total\{method="GET",route="\/v1\/streams",status="200"\} \d+/,
    );
    assert.match(res.body, /coordinator_errors_total\{code="VALIDATION_FAILED"\} \d+/);
    assert.match(res.body, /coordinator_http_request_duration_seconds_bucket/);
  });

  it("documents every route, with its schemas and error codes", async () => {
    const res = await call(h, "GET", "/openapi.json");
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.equal(doc.openapi, "3.1.0");
    const expected = [
      ["post", "/v1/streams"],
      ["get", "/v1/streams"],
      ["get", "/v1/streams/{streamId}"],
      ["post", "/v1/ingest/authorize"],
      ["post", "/v1/streams/{streamId}/manifest"],
      ["get", "/v1/streams/{streamId}/manifest"],
      ["get", "/v1/auth/nonce"],
      ["post", "/v1/auth/login"],
      ["post", "/v1/relays/heartbeat"],
      ["get", "/v1/relays"],
      ["post", "/v1/relays/fetch-log"],
      ["post", "/v1/sessions"],
      ["get", "/v1/sessions/{sessionId}"],
      ["post", "/v1/receipts"],
      ["get", "/v1/relays/{address}/report"],
      ["get", "/v1/relays/{address}/audits"],
      ["get", "/v1/releases/current"],
      ["get", "/v1/relays/{address}/attestations"],
      ["get", "/v1/relays/{address}/earnings"],
      ["get", "/v1/epochs/current"],
      ["get", "/v1/leaderboard"],
      ["post", "/v1/streams/{streamId}/pools"],
      ["post", "/v1/pools/{poolId}/viewer-cap"],
      ["get", "/v1/pools"],
      ["get", "/v1/pools/{poolId}"],
      ["get", "/healthz"],
      ["get", "/metrics"],
      ["get", "/openapi.json"],
    ];
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m} ${path}`),
    );
    assert.deepEqual(documented.sort(), expected.map(([m, p]) => `${m} ${p}`).sort());
    const create = doc.paths["/v1/sessions"].post;
    assert.deepEqual(create.requestBody.content["application/json"].schema.required, [
      "streamId",
      "viewerPublicKey",
    ]);
    assert.equal(create.requestBody.content["application/json"].schema.additionalProperties, false);
    assert.match(create.responses["429"].description, /SESSION_LIMIT/);
    assert.match(create.responses["429"].description, /RATE_LIMITED/);
    assert.ok(create.responses["201"].content["application/json"].schema.properties.relays);
    assert.deepEqual(doc.paths["/v1/relays/heartbeat"].post.security, [{ bearer: [] }]);
    assert.equal(doc.paths["/v1/streams/{streamId}"].get.parameters[0].in, "path");
    for (const code of Object.keys(ERROR_CODES))
      assert.match(doc.info.description, new RegExp(code));
  });

  it("answers unknown routes with 404 NOT_FOUND in the error shape", async () => {
    const res = await call(h, "GET", "/v1/nothing-here");
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "NOT_FOUND");
  });
});

describe("CORS", () => {
  it("answers preflights and marks answers readable by the browser app", async () => {
    const pre = await fetch(`${h.url}/v1/sessions`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "POST" },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "*");
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /content-type/);
    const get = await call(h, "GET", "/v1/streams", {
      headers: { origin: "http://127.0.0.1:5173" },
    });
    assert.equal(get.headers.get("access-control-allow-origin"), "*");
  });

  it("allows only the configured origins when CORS_ORIGINS is set", async () => {
    const strict = await startHarness({ corsOrigins: "https://app.example/" });
    try {
      const ok = await call(strict, "GET", "/v1/streams", {
        headers: { origin: "https://app.example" },
      });
      assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
      const other = await call(strict, "GET", "/v1/streams", {
        headers: { origin: "https://evil.example" },
      });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
    } finally {
      await strict.close();
    }
  });
});

describe("rate limits shared through Redis", () => {
  it("counts requests of all coordinator processes together and answers 429 RATE_LIMITED", async () => {
    const limited = await startHarness({ rateLimitMax: 5, rateLimitWindowSeconds: 60 });
    const redis2 = new Redis(limited.redisServer.url);
    const second = await listen(
      createApp(
        createServices({
          config: limited.config,
          redis: redis2,
          logger: pino({ level: "silent" }),
          stakeReader: limited.stake,
        }),
      ),
      0,
    );
    try {
      const urls = [limited.url, second.url];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await fetch(`${urls[i % 2]}/v1/streams`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      const before = await snapshot(limited);
      const res = await call({ ...limited, url: second.url }, "POST", "/v1/streams", {
        body: await createStreamBody(newAccount(), newAccount()),
      });
      assert.equal(res.status, 429);
      assert.equal(res.body.error.code, "RATE_LIMITED");
      assert.ok(Number(res.headers.get("retry-after")) > 0);
      assert.deepEqual(await snapshot(limited), before, "a limited request stores nothing");
      assert.equal(
        (await fetch(`${limited.url}/healthz`)).status,
        200,
        "health checks are not limited",
      );
    } finally {
      await second.close();
      redis2.disconnect();
      await limited.close();
    }
  });
});

/** SHUTDOWN NOSAVE over a raw socket; resolves when the server closes the connection. */
function shutdownRedis(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write("SHUTDOWN NOSAVE\r\n"));
    socket.on("close", () => resolve());
    socket.on("error", () => undefined);
  });
}

describe("Redis outage", () => {
  it("turns /healthz to 503 UNAVAILABLE and recovers after a restart", async () => {
    const flaky = await startHarness();
    try {
      await shutdownRedis(flaky.redisServer.port);
      const down = await call(flaky, "GET", "/healthz");
      assert.equal(down.status, 503);
      assert.equal(down.body.error.code, "UNAVAILABLE");
      await flaky.redisServer.restart();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await call(flaky, "GET", "/healthz")).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 200);
    } finally {
      await flaky.close();
    }
  });
});
