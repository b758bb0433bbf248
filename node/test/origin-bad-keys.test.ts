/**
 * Bad stream keys at the origin's RTMP publish: a repeated key is answered from a cache, one IP
 * trying many keys is limited, and many IPs together cannot spend more than the origin's budget
 * of /v1/ingest/authorize calls.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "../src/rtmp/amf0.ts";
import { ChunkParser, MessageType, encodeChunks } from "../src/rtmp/chunk-parser.ts";
import { parseOriginConfig } from "../src/config.ts";
import { CoordinatorClient } from "../src/coordinator-client.ts";
import { startOrigin, type RunningOrigin } from "../src/origin/start-origin.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";

const ORIGIN_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

let coordinator: FakeCoordinator;
let origin: RunningOrigin;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "origin-bad-keys-"));
  coordinator = await startFakeCoordinator([]);
  origin = await startOrigin({
    config: parseOriginConfig({
      coordinatorUrl: coordinator.url,
      chainId: 31337,
      stakingAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      host: "127.0.0.1",
      httpPort: 0,
      rtmpHost: "127.0.0.1",
      rtmpPort: 0,
      statusIntervalMs: 0,
      dataDir,
    }),
    account: privateKeyToAccount(ORIGIN_KEY),
    logger,
    now: Date.now,
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
  });
});
after(async () => {
  await origin.stop();
  await coordinator.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Handshake, connect, createStream, publish `key`; resolves with the onStatus code (or "closed"). */
async function tryPublish(key: string, localAddress: string): Promise<string> {
  const socket = connect({ port: origin.rtmpPort, host: "127.0.0.1", localAddress });
  socket.on("error", () => undefined);
  await once(socket, "connect");
  socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536, 1)]));
  const parser = new ChunkParser();
  let handshake = Buffer.alloc(0);
  let shaken = false;
  const send = (streamId: number, ...values: Amf0Value[]) =>
    socket.write(
      encodeChunks(
        {
          chunkStreamId: 3,
          typeId: MessageType.commandAmf0,
          messageStreamId: streamId,
          timestamp: 0,
          payload: encodeAmf0(...values),
        },
        128,
      ),
    );
  return new Promise<string>((resolve) => {
    const timer = setTimeout(() => finish("timeout"), 5000);
    const finish = (code: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    socket.on("close", () => finish("closed"));
    socket.on("data", (data: Buffer) => {
      let rest = data;
      if (!shaken) {
        handshake = Buffer.concat([handshake, data]);
        if (handshake.length < 3073) return;
        shaken = true;
        socket.write(handshake.subarray(1, 1537));
        rest = handshake.subarray(3073);
        send(0, "connect", 1, { app: "live" });
        send(0, "createStream", 2, null);
        send(1, "publish", 3, null, key, "live");
      }
      for (const m of parser.push(rest)) {
        if (m.typeId !== MessageType.commandAmf0) continue;
        const values = decodeAmf0(m.payload);
        if (values[0] === "onStatus") finish((values[3] as { code: string }).code);
      }
    });
  });
}

test("the same bad key again and again: one authorize call", async () => {
  const calls0 = coordinator.authorizeCalls;
  for (let i = 0; i < 10; i++)
    assert.equal(await tryPublish("wrong-key", "127.0.0.1"), "NetStream.Publish.BadName");
  assert.equal(coordinator.authorizeCalls - calls0, 1);
});

test("one IP trying many keys: limited", async (t) => {
  const calls0 = coordinator.authorizeCalls;
  const started = Date.now();
  const results: Record<string, number> = {};
  for (let i = 0; i < 30; i++) {
    const code = await tryPublish(randomBytes(8).toString("hex"), "127.0.0.2");
    results[code] = (results[code] ?? 0) + 1;
  }
  const calls = coordinator.authorizeCalls - calls0;
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(JSON.stringify({ calls, seconds, results }));
  assert.ok(calls <= 5 + seconds / 5, `${calls} authorize calls`);
  assert.equal(results["NetStream.Publish.BadName"], 30, "every attempt was refused");
});

test("many IPs trying random keys: at most the origin's budget", async (t) => {
  const calls0 = coordinator.authorizeCalls;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      tryPublish(randomBytes(8).toString("hex"), `127.0.3.${i + 1}`),
    ),
  );
  const calls = coordinator.authorizeCalls - calls0;
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(JSON.stringify({ calls, seconds }));
  assert.ok(calls <= 10 + 2 * seconds, `${calls} authorize calls`);
});
