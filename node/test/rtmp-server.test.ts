/** The RTMP server driven by a scripted client: handshake, publish flow, key refusal. */
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, type AddressInfo, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "../src/rtmp/amf0.ts";
import { ChunkParser, MessageType, encodeChunks } from "../src/rtmp/chunk-parser.ts";
import { createRtmpServer, type RtmpServer } from "../src/rtmp/rtmp-server.ts";

let server: RtmpServer;
let port: number;
const received: { flv: Buffer[]; ended: boolean } = { flv: [], ended: false };

before(async () => {
  server = createRtmpServer({
    logger: pino({ level: "silent" }),
    authorize: async (key) =>
      key === "good"
        ? {
            accepted: true,
            sink: {
              write: (flv) => (received.flv.push(flv), true),
              drained: async () => {},
              end: () => (received.ended = true),
            },
          }
        : { accepted: false, reason: "stream key refused" },
  });
  server.server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  port = (server.server.address() as AddressInfo).port;
});
after(() => server.close());

/** Connects, handshakes, and returns a client that sends commands and collects replies. */
async function client() {
  const socket: Socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536, 1)]));
  let handshake = Buffer.alloc(0);
  const parser = new ChunkParser();
  const commands: Amf0Value[][] = [];
  let closed = false;
  socket.on("close", () => (closed = true));
  await new Promise<void>((resolve) => {
    const onData = (data: Buffer) => {
      handshake = Buffer.concat([handshake, data]);
      if (handshake.length < 1 + 1536 * 2) return;
      socket.off("data", onData);
      assert.equal(handshake[0], 3);
      assert.deepEqual(handshake.subarray(1537, 3073), Buffer.alloc(1536, 1), "S2 echoes C1");
      socket.write(handshake.subarray(1, 1537)); // C2 echoes S1
      for (const m of parser.push(handshake.subarray(3073))) {
        if (m.typeId === MessageType.commandAmf0) commands.push(decodeAmf0(m.payload));
      }
      socket.on("data", (more: Buffer) => {
        for (const m of parser.push(more)) {
          if (m.typeId === MessageType.commandAmf0) commands.push(decodeAmf0(m.payload));
        }
      });
      resolve();
    };
    socket.on("data", onData);
  });
  const send = (typeId: number, payload: Buffer, streamId = 0, timestamp = 0) =>
    socket.write(
      encodeChunks(
        { chunkStreamId: 3, typeId, messageStreamId: streamId, timestamp, payload },
        128,
      ),
    );
  const command = (streamId: number, ...values: Amf0Value[]) =>
    send(MessageType.commandAmf0, encodeAmf0(...values), streamId);
  const waitFor = async (predicate: () => boolean) => {
    const deadline = Date.now() + 3000;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`timed out; commands: ${JSON.stringify(commands)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const status = () =>
    commands.filter((c) => c[0] === "onStatus").map((c) => c[3] as { level: string; code: string });
  return { socket, send, command, commands, waitFor, status, isClosed: () => closed };
}

async function publish(key: string) {
  const c = await client();
  c.command(0, "connect", 1, { app: "live", tcUrl: `rtmp://127.0.0.1:${port}/live` });
  c.command(0, "releaseStream", 2, null, key);
  c.command(0, "FCPublish", 3, null, key);
  c.command(0, "createStream", 4, null);
  await c.waitFor(() => c.commands.some((x) => x[0] === "_result" && x[1] === 4));
  const created = c.commands.find((x) => x[0] === "_result" && x[1] === 4)!;
  assert.equal(created[3], 1, "createStream returns stream id 1");
  const connectResult = c.commands.find((x) => x[0] === "_result" && x[1] === 1)!;
  assert.equal((connectResult[3] as { code: string }).code, "NetConnection.Connect.Success");
  c.command(1, "publish", 5, null, `${key}?token=x`, "live");
  await c.waitFor(() => c.status().length > 0);
  return c;
}

test("a refused stream key gets an error status and the connection is closed", async () => {
  const c = await publish("bad");
  assert.deepEqual(
    { level: c.status()[0]!.level, code: c.status()[0]!.code },
    { level: "error", code: "NetStream.Publish.BadName" },
  );
  await c.waitFor(c.isClosed);
  assert.equal(received.flv.length, 0);
});

test("an accepted key gets Publish.Start; media becomes FLV; disconnect ends the sink", async () => {
  const c = await publish("good");
  assert.equal(c.status()[0]!.code, "NetStream.Publish.Start");
  c.send(MessageType.dataAmf0, encodeAmf0("@setDataFrame", "onMetaData", { width: 320 }), 1);
  c.send(MessageType.video, Buffer.from([0x17, 0, 0, 0, 0, 1, 2, 3]), 1, 40);
  await c.waitFor(() => received.flv.length >= 3);
  assert.equal(received.flv[0]!.subarray(0, 3).toString(), "FLV");
  assert.equal(received.flv[1]![0], 18, "script tag");
  assert.deepEqual(decodeAmf0(received.flv[1]!.subarray(11, received.flv[1]!.length - 4)), [
    "onMetaData",
    { width: 320 },
  ]);
  assert.equal(received.flv[2]![0], 9, "video tag");
  assert.equal(received.flv[2]!.readUIntBE(4, 3), 40, "timestamp");
  c.socket.destroy();
  await c.waitFor(() => received.ended);
});
