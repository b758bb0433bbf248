/**
 * A small RTMP ingest server: simple handshake, chunk streams, the AMF0 publish command flow
 * (connect, releaseStream, FCPublish, createStream, publish, deleteStream), and stream-key
 * authorisation before anything is published. Media messages are handed to the publish sink
 * as FLV tags.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "./amf0.ts";
import { ChunkParser, MessageType, encodeChunks, type RtmpMessage } from "./chunk-parser.ts";
import { FlvTagType, flvHeader, flvTag } from "./flv.ts";

/** Where an accepted publish's media goes. */
export interface PublishSink {
  /** FLV bytes (header first, then tags). False: the sink is full, wait for `drained()`. */
  write(flv: Buffer): boolean;
  /** Resolves when a full sink can take more (the RTMP socket is paused meanwhile). */
  drained(): Promise<void>;
  /** The publisher stopped (deleteStream, disconnect or error). */
  end(): void;
}

export type PublishDecision =
  { accepted: true; sink: PublishSink } | { accepted: false; reason: string };

export interface RtmpServerOptions {
  /** Decides whether a stream key may publish (asks the coordinator). */
  authorize(streamKey: string, app: string): Promise<PublishDecision>;
  logger: Logger;
  /** Chunk size this server sends with. */
  outChunkSize?: number;
}

const HANDSHAKE_SIZE = 1536;
const WINDOW_ACK_SIZE = 2_500_000;

export interface RtmpServer {
  server: Server;
  /** Stops listening and drops every connection (each active publish ends). */
  close(): Promise<void>;
}

export function createRtmpServer(options: RtmpServerOptions): RtmpServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.setNoDelay(true);
    handleConnection(socket, options);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function handleConnection(socket: Socket, options: RtmpServerOptions): void {
  const log = options.logger.child({ peer: `${socket.remoteAddress}:${socket.remotePort}` });
  const outChunkSize = options.outChunkSize ?? 4096;
  const parser = new ChunkParser();
  let phase: "c0c1" | "c2" | "chunks" = "c0c1";
  let pending: Buffer = Buffer.alloc(0);
  let app = "";
  let sink: PublishSink | undefined;
  let publishing = false;
  let closed = false;
  let received = 0;
  let lastAck = 0;
  let peerWindow = WINDOW_ACK_SIZE;

  const send = (
    typeId: number,
    payload: Buffer,
    messageStreamId = 0,
    chunkStreamId = typeId <= 6 ? 2 : 3,
  ) => {
    if (!socket.writable) return;
    socket.write(
      encodeChunks({ chunkStreamId, typeId, messageStreamId, timestamp: 0, payload }, outChunkSize),
    );
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const command = (messageStreamId: number, ...values: Amf0Value[]) =>
    send(
      MessageType.commandAmf0,
      encodeAmf0(...values),
      messageStreamId,
      messageStreamId === 0 ? 3 : 5,
    );
  const status = (streamId: number, level: "status" | "error", code: string, description: string) =>
    command(streamId, "onStatus", 0, null, { level, code, description });

  const finish = () => {
    if (sink) {
      sink.end();
      sink = undefined;
      log.info("publisher stopped");
    }
    publishing = false;
  };
  const close = () => {
    if (closed) return;
    closed = true;
    finish();
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  };

  socket.on("data", (data: Buffer) => {
    if (closed) return;
    received += data.length;
    try {
      if (phase !== "chunks") {
        pending = Buffer.concat([pending, data]);
        if (phase === "c0c1") {
          if (pending.length < 1 + HANDSHAKE_SIZE) return;
          if (pending[0] !== 3) throw new Error(`unsupported RTMP version ${pending[0]}`);
          const c1 = pending.subarray(1, 1 + HANDSHAKE_SIZE);
          const s1 = Buffer.concat([Buffer.alloc(8), randomBytes(HANDSHAKE_SIZE - 8)]);
          socket.write(Buffer.concat([Buffer.from([3]), s1, c1]));
          pending = pending.subarray(1 + HANDSHAKE_SIZE);
          phase = "c2";
        }
        if (pending.length < HANDSHAKE_SIZE) return;
        data = pending.subarray(HANDSHAKE_SIZE);
        pending = Buffer.alloc(0);
        phase = "chunks";
        send(MessageType.windowAckSize, u32(WINDOW_ACK_SIZE));
        send(MessageType.setPeerBandwidth, Buffer.concat([u32(WINDOW_ACK_SIZE), Buffer.from([2])]));
        send(MessageType.setChunkSize, u32(outChunkSize));
        if (data.length === 0) return;
      }
      for (const message of parser.push(data)) onMessage(message);
      if (received - lastAck >= peerWindow) {
        lastAck = received;
        send(MessageType.acknowledgement, u32(received >>> 0));
      }
    } catch (error) {
      log.warn({ err: error }, "RTMP protocol error; closing");
      close();
    }
  });
  socket.on("error", (error) => log.debug({ err: error }, "socket error"));
  socket.on("close", () => {
    closed = true;
    finish();
  });

  function onMessage(message: RtmpMessage): void {
    switch (message.typeId) {
      case MessageType.windowAckSize:
        peerWindow = Math.max(message.payload.readUInt32BE(0), 4096);
        return;
      case MessageType.commandAmf0:
        onCommand(message, decodeAmf0(message.payload));
        return;
      case MessageType.commandAmf3:
        onCommand(message, decodeAmf0(message.payload.subarray(1)));
        return;
      case MessageType.audio:
      case MessageType.video:
        if (sink) {
          const type = message.typeId === MessageType.audio ? FlvTagType.audio : FlvTagType.video;
          if (!sink.write(flvTag(type, message.timestamp, message.payload))) backpressure(sink);
        }
        return;
      case MessageType.dataAmf0: {
        if (!sink) return;
        const values = decodeAmf0(message.payload);
        if (values[0] === "@setDataFrame") {
          sink.write(flvTag(FlvTagType.script, message.timestamp, encodeAmf0(...values.slice(1))));
        }
        return;
      }
      default:
        return;
    }
  }

  /** Stops reading from the publisher until the encoder catches up (TCP pushes back on it). */
  function backpressure(full: PublishSink): void {
    if (socket.isPaused()) return;
    socket.pause();
    void full.drained().then(() => {
      if (!closed) socket.resume();
    });
  }

  function onCommand(message: RtmpMessage, values: Amf0Value[]): void {
    const [name, txn] = values;
    const transaction = typeof txn === "number" ? txn : 0;
    switch (name) {
      case "connect": {
        const object = values[2];
        app =
          object &&
          typeof object === "object" &&
          !Array.isArray(object) &&
          !(object instanceof Date)
            ? String(object.app ?? "")
            : "";
        command(
          0,
          "_result",
          transaction,
          { fmsVer: "FMS/3,0,1,123", capabilities: 31 },
          {
            level: "status",
            code: "NetConnection.Connect.Success",
            description: "Connection succeeded.",
            objectEncoding: 0,
          },
        );
        return;
      }
      case "releaseStream":
      case "FCPublish":
      case "FCUnpublish":
        command(0, "_result", transaction, null, undefined);
        return;
      case "createStream":
        command(0, "_result", transaction, null, 1);
        return;
      case "publish": {
        const rawKey = typeof values[3] === "string" ? values[3] : "";
        const streamKey = rawKey.split("?")[0] ?? "";
        void onPublish(message.messageStreamId || 1, streamKey);
        return;
      }
      case "deleteStream":
      case "closeStream":
        finish();
        return;
      default:
        return;
    }
  }

  async function onPublish(streamId: number, streamKey: string): Promise<void> {
    if (publishing) {
      status(streamId, "error", "NetStream.Publish.BadName", "Already publishing");
      return;
    }
    publishing = true;
    let decision: PublishDecision;
    try {
      decision = await options.authorize(streamKey, app);
    } catch (error) {
      log.error({ err: error }, "stream key check failed");
      decision = { accepted: false, reason: "stream key could not be checked" };
    }
    if (closed) {
      if (decision.accepted) decision.sink.end();
      return;
    }
    if (!decision.accepted) {
      log.warn({ app, reason: decision.reason }, "publish refused");
      status(streamId, "error", "NetStream.Publish.BadName", decision.reason);
      close();
      return;
    }
    sink = decision.sink;
    sink.write(flvHeader());
    status(streamId, "status", "NetStream.Publish.Start", "Publishing.");
    log.info({ app }, "publisher started");
  }
}
