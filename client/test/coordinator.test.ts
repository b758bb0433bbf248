/** The coordinator actions against a fake HTTP boundary (an injected fetch): parsing and errors. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CoordinatorError } from "../src/errors/CoordinatorError.ts";
import { createCoordinatorClient } from "../src/coordinator/createCoordinatorClient.ts";
import { createStream } from "../src/coordinator/createStream.ts";
import { getOperatorRelayReports } from "../src/coordinator/getOperatorRelayReports.ts";
import { getRelayAttestations } from "../src/coordinator/getRelayAttestations.ts";
import { getRelayReport } from "../src/coordinator/getRelayReport.ts";
import { getSession } from "../src/coordinator/getSession.ts";
import { getStreams } from "../src/coordinator/getStreams.ts";
import { postHeartbeat } from "../src/coordinator/postHeartbeat.ts";
import { postReceipts } from "../src/coordinator/postReceipts.ts";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init).forEach((value, key) => (headers[key] = value));
  return headers;
}

function fakeCoordinator(answer: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: headersOf(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    return answer(request);
  };
  return { seen, fetch };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const RELAY = `0x${"aB".repeat(20)}` as const;

async function rejection(promise: Promise<unknown>): Promise<CoordinatorError> {
  const error = await promise.then(
    () => assert.fail("expected a CoordinatorError"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CoordinatorError, String(error));
  return error;
}

test("answers are parsed with protocol's schemas: big numbers become bigints", async () => {
  const { fetch, seen } = fakeCoordinator(() =>
    json(200, {
      attestations: [
        {
          poolId: "7",
          account: RELAY,
          cumulativeBytes: "1000000000000000000000",
          cumulativeAmount: "5",
          signatures: `0x${"AB".repeat(64)}`,
          epoch: 3,
        },
      ],
    }),
  );
  const client = createCoordinatorClient({ baseUrl: "http://c.test/", fetch });
  const [a] = await getRelayAttestations(client, { address: RELAY });
  assert.equal(seen[0]!.url, `http://c.test/v1/relays/${RELAY.toLowerCase()}/attestations`);
  assert.deepEqual(a, {
    poolId: 7n,
    account: RELAY.toLowerCase(),
    cumulativeBytes: 10n ** 21n,
    cumulativeAmount: 5n,
    signatures: `0x${"ab".repeat(64)}`,
    epoch: 3,
  });
});

test("an error answer keeps the coordinator's code, typed; an unknown code is HTTP_ERROR", async () => {
  const known = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: fakeCoordinator(() =>
      json(429, { error: { code: "RATE_LIMITED", message: "slow down", details: { n: 1 } } }),
    ).fetch,
  });
  const error = await rejection(getStreams(known));
  assert.equal(error.code, "RATE_LIMITED");
  assert.equal(error.status, 429);
  assert.equal(error.shortMessage, "slow down");
  assert.deepEqual(error.details, { n: 1 });

  const unknown = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: fakeCoordinator(() => json(418, { error: { code: "TEAPOT", message: "no" } })).fetch,
  });
  assert.equal((await rejection(getStreams(unknown))).code, "HTTP_ERROR");

  const html = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: fakeCoordinator(() => new Response("<html>bad gateway</html>", { status: 502 })).fetch,
  });
  const gateway = await rejection(getStreams(html));
  assert.equal(gateway.code, "HTTP_ERROR");
  assert.equal(gateway.status, 502);
});

test("an answer that does not match the schema is BAD_RESPONSE; no answer is UNREACHABLE", async () => {
  const wrong = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: fakeCoordinator(() => json(200, { streams: [{ streamId: "nope" }] })).fetch,
  });
  assert.equal((await rejection(getStreams(wrong))).code, "BAD_RESPONSE");

  const down = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: async () => {
      throw new TypeError("fetch failed");
    },
  });
  const error = await rejection(getStreams(down));
  assert.equal(error.code, "UNREACHABLE");
  assert.equal(error.status, 0);
  assert.equal(error.message, "The coordinator at http://c.test is not reachable");
});

test("a 404 session is undefined, not an error", async () => {
  const client = createCoordinatorClient({
    baseUrl: "http://c.test",
    fetch: fakeCoordinator(() =>
      json(404, { error: { code: "SESSION_NOT_FOUND", message: "gone" } }),
    ).fetch,
  });
  assert.equal(await getSession(client, { sessionId: "s/1" }), undefined);
});

test("authorised routes send the token; without one they refuse before sending", async () => {
  const { fetch, seen } = fakeCoordinator((s) =>
    s.url.endsWith("/v1/receipts")
      ? json(202, { accepted: 2 })
      : json(200, {
          reachability: {
            listed: true,
            reason: null,
            detail: null,
            segmentVerified: false,
            checkedAt: 1,
          },
        }),
  );
  const client = createCoordinatorClient({ baseUrl: "http://c.test", fetch, token: () => "t1" });
  assert.equal(await postReceipts(client, { receipts: [] }), 2);
  const reachability = await postHeartbeat(client, {
    url: "http://relay.test",
    tier: 1,
    upstream: "http://origin.test",
    streams: [],
    load: 0,
    bytesServed: 0,
    viewers: 0,
    version: "test",
  });
  assert.equal(reachability.listed, true);
  assert.deepEqual(
    seen.map((s) => [s.method, s.headers.authorization]),
    [
      ["POST", "Bearer t1"],
      ["POST", "Bearer t1"],
    ],
  );
  const anonymous = createCoordinatorClient({ baseUrl: "http://c.test", fetch });
  assert.equal((await rejection(postReceipts(anonymous, { receipts: [] }))).code, "NOT_SIGNED_IN");
  assert.equal(seen.length, 2);
});

test("createStream checks the body before sending it", async () => {
  const { fetch, seen } = fakeCoordinator(() => json(500, {}));
  const client = createCoordinatorClient({ baseUrl: "http://c.test", fetch });
  const error = await rejection(
    createStream(client, {
      name: " ",
      originAddress: RELAY,
      owner: RELAY,
      salt: `0x${"01".repeat(32)}`,
      maxBitrate: 1_000_000,
      deadline: 2_000_000_000,
      ownerSignature: `0x${"11".repeat(65)}`,
    }),
  );
  assert.equal(error.code, "INVALID_REQUEST");
  assert.match(error.message, /^name: /);
  assert.equal(seen.length, 0);
});

const report = (relay: string, epoch: number) => ({
  relay,
  epoch,
  closed: true,
  verifiedBytes: 5_000_000,
  rejectedBytes: 3_000_000,
  verifiedByStream: {},
  receipts: { credited: 4, withheld: 2, rejected: 1, ignored: 0 },
  reasons: {
    "self-dealing": { receipts: 1, bytes: 1_000_000, lastMessage: "viewer 10.0.0.1 is the relay" },
    "faster-than-real-time": { receipts: 1, bytes: 2_000_000, lastMessage: "9 MB in 1 s" },
  },
});

test("getRelayReport: withheld bytes by reason, most first, each explained in words", async () => {
  const { fetch, seen } = fakeCoordinator(() => json(200, report(RELAY, 4)));
  const client = createCoordinatorClient({ baseUrl: "http://c.test", fetch });
  const r = await getRelayReport(client, { relay: RELAY, epoch: 4 });
  assert.equal(seen[0]!.url, `http://c.test/v1/relays/${RELAY.toLowerCase()}/report?epoch=4`);
  assert.equal(r.relay, RELAY.toLowerCase());
  assert.equal(r.verifiedBytes, 5_000_000);
  assert.equal(r.withheldBytes, 3_000_000);
  assert.deepEqual(
    r.reasons.map((x) => [x.code, x.bytes, x.description]),
    [
      [
        "faster-than-real-time",
        2_000_000,
        "more bytes than the stream's maximum bitrate x wall-clock time since the session started allows",
      ],
      ["self-dealing", 1_000_000, "the viewer shares an address with the relay"],
    ],
  );
  await getRelayReport(client, { relay: RELAY });
  assert.equal(seen[1]!.url, `http://c.test/v1/relays/${RELAY.toLowerCase()}/report`);
});

test("getOperatorRelayReports: only the wallet's relay keys, at the last closed epoch", async () => {
  const wallet = `0x${"0c".repeat(20)}`;
  const other = `0x${"0d".repeat(20)}`;
  const relay = (address: string, operator: string | null) => ({
    address,
    operator,
    url: "http://r.test",
    tier: 1,
    upstream: "http://o.test",
    streams: [],
    load: 0,
    viewers: 0,
    bytesServed: 0,
    version: "1",
    lastSeen: 1,
    live: true,
    staked: true,
    inbound: "upnp",
    reachability: {
      listed: false,
      reason: "unreachable",
      detail: "timeout",
      segmentVerified: false,
      checkedAt: 1,
    },
  });
  const keyA = `0x${"a1".repeat(20)}`;
  const keyB = `0x${"b2".repeat(20)}`;
  let lastClosed: number | null = 6;
  const { fetch, seen } = fakeCoordinator(({ url }) => {
    const path = new URL(url).pathname;
    if (path === "/v1/relays")
      return json(200, {
        relays: [
          relay(keyB, wallet),
          relay(RELAY, other),
          relay(keyA, wallet.toUpperCase().replace("0X", "0x")),
          relay(`0x${"e4".repeat(20)}`, null),
        ],
      });
    if (path === "/v1/epochs/current")
      return json(200, {
        epoch: 7,
        startsAt: 0,
        endsAt: 1,
        lengthSeconds: 60,
        lastClosed,
        backlog: 0,
      });
    const key = /\/v1\/relays\/(0x[0-9a-f]{40})\/report/.exec(path)![1]!;
    return json(200, report(key, Number(new URL(url).searchParams.get("epoch"))));
  });
  const client = createCoordinatorClient({ baseUrl: "http://c.test", fetch });
  const result = await getOperatorRelayReports(client, { operator: wallet as `0x${string}` });
  assert.equal(result.epoch, 6);
  assert.deepEqual(
    result.relays.map((r) => [r.relay, r.report?.epoch, r.report?.withheldBytes]),
    [
      [keyA, 6, 3_000_000],
      [keyB, 6, 3_000_000],
    ],
  );
  assert.ok(
    seen.every((s) => !s.url.includes(RELAY.toLowerCase())),
    "no other operator's key",
  );
  lastClosed = null;
  const none = await getOperatorRelayReports(client, { operator: wallet as `0x${string}` });
  assert.deepEqual(
    none.relays.map((r) => [r.relay, r.report]),
    [
      [keyA, undefined],
      [keyB, undefined],
    ],
  );
});
