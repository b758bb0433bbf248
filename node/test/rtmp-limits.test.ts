/**
 * The RTMP server before authentication, attacked over real TCP sockets: slow-loris handshakes,
 * too many connections, many chunk streams holding huge partial messages, and a large message
 * trickled in small pieces (quadratic buffering).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, type AddressInfo, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { ChunkParser, MessageType, encodeChunks } from "../src/rtmp/chunk-parser.ts";
import { createRtmpServer, type RtmpServer } from "../src/rtmp/rtmp-server.ts";

const HANDSHAKE_SIZE = 1536;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const servers: RtmpServer[] = [];
const sockets: Socket[] = [];

async function listen(options: Record<string, number> = {}): Promise<number> {
  return (await listenServer(options)).port;
}

async function listenServer(
  options: Record<string, number> = {},
): Promise<{ server: RtmpServer; port: number }> {
  const server = createRtmpServer({
    logger,
    authorize: async () => ({ accepted: false, reason: "stream key refused" }),
    ...options,
  });
  servers.push(server);
  server.server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  return { server, port: (server.server.address() as AddressInfo).port };
}

after(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => s.close()));
});

async function open(port: number): Promise<{ socket: Socket; closed: () => boolean }> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  let closed = false;
  socket.on("close", () => (closed = true));
  socket.on("error", () => undefined);
  socket.on("data", () => undefined);
  await once(socket, "connect");
  return { socket, closed: () => closed };
}

/** Completes the handshake (C0 C1, then C2 once S0 S1 S2 arrived). */
async function handshake(socket: Socket): Promise<void> {
  socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(HANDSHAKE_SIZE, 1)]));
  let got = 0;
  await new Promise<void>((resolve) => {
    const onData = (data: Buffer) => {
      got += data.length;
      if (got < 1 + 2 * HANDSHAKE_SIZE) return;
      socket.off("data", onData);
      resolve();
    };
    socket.on("data", onData);
  });
  socket.write(Buffer.alloc(HANDSHAKE_SIZE, 2));
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

test("a slow-loris client that never completes the handshake is closed after the timeout", async () => {
  const port = await listen({ handshakeTimeoutMs: 400 });
  const client = await open(port);
  const started = Date.now();
  const drip = setInterval(
    () => client.socket.writable && client.socket.write(Buffer.from([3])),
    50,
  );
  try {
    assert.ok(await until(client.closed, 3000), "the server closed the dripping connection");
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 350, `closed after ${elapsed} ms, not before the timeout`);
  } finally {
    clearInterval(drip);
  }
});

test("a connection idle after the handshake is closed after the idle timeout", async () => {
  const port = await listen({ idleTimeoutMs: 300, handshakeTimeoutMs: 5000 });
  const client = await open(port);
  await handshake(client.socket);
  assert.ok(await until(client.closed, 3000), "the idle connection was closed");
});

test("N+1 connections: the last one is refused, the first N stay open", async () => {
  const port = await listen({ maxConnections: 3 });
  const clients = [];
  for (let i = 0; i < 3; i++) clients.push(await open(port));
  const extra = await open(port);
  assert.ok(await until(extra.closed, 2000), "the connection over the cap was closed");
  assert.deepEqual(
    clients.map((c) => c.closed()),
    [false, false, false],
  );
  clients[0]!.socket.destroy();
  await until(clients[0]!.closed, 1000);
  await new Promise((r) => setTimeout(r, 50));
  const again = await open(port);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(again.closed(), false, "a slot freed by a closed connection can be used again");
});

/** Format-0 chunk header on a 3-byte chunk stream id (64..65599) announcing `length` bytes. */
function header(csid: number, length: number): Buffer {
  const b = Buffer.alloc(3 + 11);
  b[0] = 1; // fmt 0, csid form 1 (3 bytes)
  b.writeUInt16LE(csid - 64, 1);
  b.writeUIntBE(0, 3, 3);
  b.writeUIntBE(length, 6, 3);
  b[9] = MessageType.video;
  b.writeUInt32LE(1, 10);
  return b;
}

test("many chunk streams announcing huge messages: disconnected before the process holds the bytes", async (t) => {
  const { server, port } = await listenServer();
  const client = await open(port);
  await handshake(client.socket);
  // Chunk size 16 MiB - 1, so each chunk stream's partial message can grow to 16 MiB.
  const setChunkSize = Buffer.alloc(4);
  setChunkSize.writeUInt32BE(0xffffff);
  client.socket.write(
    encodeChunks(
      {
        chunkStreamId: 2,
        typeId: MessageType.setChunkSize,
        messageStreamId: 0,
        timestamp: 0,
        payload: setChunkSize,
      },
      128,
    ),
  );
  global.gc?.();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }, 10);
  const piece = Buffer.alloc(1024 * 1024, 7);
  const streams = 64;
  let sent = 0;
  try {
    for (let csid = 64; csid < 64 + streams && !client.closed(); csid++) {
      if (!client.socket.write(Buffer.concat([header(csid, 0xfffff0), piece])))
        await Promise.race([once(client.socket, "drain"), once(client.socket, "close")]);
      sent += piece.length;
    }
    assert.ok(await until(client.closed, 3000), `still connected after ${sent} bytes`);
  } finally {
    clearInterval(sample);
  }
  assert.ok(sent < 16 * 1024 * 1024, `the server took ${sent} bytes before disconnecting`);
  assert.ok(peak < 32 * 1024 * 1024, `array buffers grew by ${peak} bytes`);
  const stats = server.stats();
  t.diagnostic(
    `sent ${sent} bytes; array buffers peak +${peak}; server held at most ${stats.peakBufferedBytes}`,
  );
  assert.ok(stats.peakBufferedBytes <= 256 * 1024, "held no more than the pre-auth bound");
  assert.equal(stats.protocolErrors, 1);
});

test("more chunk streams than the bound: disconnected", async () => {
  const port = await listen();
  const client = await open(port);
  await handshake(client.socket);
  const chunks: Buffer[] = [];
  // Each chunk stream starts a 1000-byte message and sends the first 128-byte chunk of it.
  for (let csid = 64; csid < 64 + 5000; csid++) chunks.push(header(csid, 1000), Buffer.alloc(128));
  client.socket.write(Buffer.concat(chunks));
  assert.ok(await until(client.closed, 3000), "the connection was closed");
});

test("a large message trickled in 1 KiB pieces is buffered linearly", (t) => {
  const parser = new ChunkParser();
  const size = 4 * 1024 * 1024;
  const setChunkSize = Buffer.alloc(4);
  setChunkSize.writeUInt32BE(size);
  parser.push(
    encodeChunks(
      {
        chunkStreamId: 2,
        typeId: MessageType.setChunkSize,
        messageStreamId: 0,
        timestamp: 0,
        payload: setChunkSize,
      },
      128,
    ),
  );
  const bytes = encodeChunks(
    {
      chunkStreamId: 6,
      typeId: MessageType.video,
      messageStreamId: 1,
      timestamp: 0,
      payload: Buffer.alloc(size, 9),
    },
    size,
  );
  const started = performance.now();
  const out = [];
  for (let offset = 0; offset < bytes.length; offset += 1024)
    out.push(...parser.push(bytes.subarray(offset, offset + 1024)));
  const elapsed = performance.now() - started;
  assert.equal(out.length, 1);
  assert.equal(out[0]!.payload.length, size);
  t.diagnostic(`4 MiB in 1 KiB pieces: ${elapsed.toFixed(0)} ms`);
  // Quadratic buffering (a concat of the whole buffer per piece) takes several seconds here.
  assert.ok(elapsed < 1500, `4 MiB in 1 KiB pieces took ${elapsed.toFixed(0)} ms`);
});

test("partial messages that each fit, across chunk streams: disconnected at the bound", async (t) => {
  const { server, port } = await listenServer({ maxChunkStreams: 64 });
  const client = await open(port);
  await handshake(client.socket);
  const setChunkSize = Buffer.alloc(4);
  setChunkSize.writeUInt32BE(0xffffff);
  client.socket.write(
    encodeChunks(
      {
        chunkStreamId: 2,
        typeId: MessageType.setChunkSize,
        messageStreamId: 0,
        timestamp: 0,
        payload: setChunkSize,
      },
      128,
    ),
  );
  // 60 chunk streams, each announcing 200 KiB and sending 100 KiB of it: 6 MB if all held.
  let sent = 0;
  for (let csid = 64; csid < 124 && !client.closed(); csid++) {
    if (!client.socket.write(Buffer.concat([header(csid, 200 * 1024), Buffer.alloc(100 * 1024)])))
      await Promise.race([once(client.socket, "drain"), once(client.socket, "close")]);
    sent += 100 * 1024;
  }
  assert.ok(await until(client.closed, 3000), "the connection was closed");
  const held = server.stats().peakBufferedBytes;
  t.diagnostic(`sent ${sent} bytes; the server held at most ${held}`);
  assert.ok(held <= 256 * 1024, `held ${held} bytes`);
  assert.ok(held >= 128 * 1024, "partial messages were held up to near the bound");
});
