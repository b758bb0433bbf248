/**
 * A small RTMP ingest server: simple handshake, chunk streams, the AMF0 publish command flow
 * (connect, releaseStream, FCPublish, createStream, publish, deleteStream), and stream-key
 * authorisation before anything is published. Media messages are handed to the publish sink
 * as FLV tags.
 *
 * Bounded before authentication: a connection cap (total and per IP), a handshake timeout, a
 * publish timeout (no accepted publish within it: closed), an idle timeout, a bound on the bytes
 * a connection may hold (unparsed input plus partial messages, small until a publish is
 * accepted), on its chunk streams, and on the replies it leaves unread.
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
  /** Decides whether a stream key may publish (asks the coordinator). `client`: the peer's IP. */
  authorize(streamKey: string, app: string, client: string): Promise<PublishDecision>;
  logger: Logger;
  /** Chunk size this server sends with. */
  outChunkSize?: number;
  /** Connections at once; more are closed at once. Default 64. */
  maxConnections?: number;
  /** Connections at once from one IP. Default 8. */
  maxConnectionsPerIp?: number;
  /** From connect to the end of the handshake, ms. Default 10,000. */
  handshakeTimeoutMs?: number;
  /** From connect to an accepted publish, ms. Default 30,000. */
  publishTimeoutMs?: number;
  /** No byte received for this long: closed, ms. Default 30,000. */
  idleTimeoutMs?: number;
  /** Bytes a connection may hold before a publish is accepted. Default 256 KiB. */
  preAuthMaxBufferedBytes?: number;
  /** Bytes a publishing connection may hold (a message is at most 16 MiB). Default 32 MiB. */
  maxBufferedBytes?: number;
  /** Chunk streams per connection. Default 32. */
  maxChunkStreams?: number;
}

export type RtmpLimits = Required<
  Pick<
    RtmpServerOptions,
    | "maxConnections"
    | "maxConnectionsPerIp"
    | "handshakeTimeoutMs"
    | "publishTimeoutMs"
    | "idleTimeoutMs"
    | "preAuthMaxBufferedBytes"
    | "maxBufferedBytes"
    | "maxChunkStreams"
  >
>;

export const RTMP_LIMIT_DEFAULTS: Readonly<RtmpLimits> = {
  maxConnections: 64,
  maxConnectionsPerIp: 8,
  handshakeTimeoutMs: 10_000,
  publishTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  preAuthMaxBufferedBytes: 256 * 1024,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxChunkStreams: 32,
};

/** Replies a peer may leave unread before it is closed. */
const MAX_UNREAD_REPLY_BYTES = 1024 * 1024;

export interface RtmpServerStats {
  connections: number;
  /** Connections closed at accept time because of the caps, since start. */
  refused: number;
  /** Connections closed by a timeout, since start. */
  timedOut: number;
  /** Connections closed for a protocol error or a buffer bound, since start. */
  protocolErrors: number;
  /** Most bytes one connection held at once (see ChunkParser.bufferedBytes), since start. */
  peakBufferedBytes: number;
}

const HANDSHAKE_SIZE = 1536;
const WINDOW_ACK_SIZE = 2_500_000;

export interface RtmpServer {
  server: Server;
  stats(): RtmpServerStats;
  /** Stops listening and drops every connection (each active publish ends). */
  close(): Promise<void>;
}

export function createRtmpServer(options: RtmpServerOptions): RtmpServer {
  const limits = { ...RTMP_LIMIT_DEFAULTS, ...definedOnly(options) };
  const sockets = new Set<Socket>();
  const perIp = new Map<string, number>();
  const stats: Omit<RtmpServerStats, "connections"> = {
    refused: 0,
    timedOut: 0,
    protocolErrors: 0,
    peakBufferedBytes: 0,
  };
  const server = createServer((socket) => {
    const ip = socket.remoteAddress ?? "unknown";
    const fromIp = perIp.get(ip) ?? 0;
    if (sockets.size >= limits.maxConnections || fromIp >= limits.maxConnectionsPerIp) {
      stats.refused++;
      options.logger.warn(
        { peer: ip, connections: sockets.size, fromIp },
        "RTMP connection refused: too many connections",
      );
      socket.on("error", () => undefined);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    perIp.set(ip, fromIp + 1);
    socket.once("close", () => {
      sockets.delete(socket);
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
    });
    socket.setNoDelay(true);
    handleConnection(socket, options, limits, stats);
  });
  return {
    server,
    stats: () => ({ connections: sockets.size, ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The options that were given (an explicit undefined does not override a default). */
function definedOnly(options: RtmpServerOptions): Partial<RtmpLimits> {
  const out: Partial<RtmpLimits> = {};
  for (const key of Object.keys(RTMP_LIMIT_DEFAULTS) as (keyof RtmpLimits)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function handleConnection(
  socket: Socket,
  options: RtmpServerOptions,
  limits: RtmpLimits,
  stats: Omit<RtmpServerStats, "connections">,
): void {
  const log = options.logger.child({ peer: `${socket.remoteAddress}:${socket.remotePort}` });
  const client = socket.remoteAddress ?? "unknown";
  const outChunkSize = options.outChunkSize ?? 4096;
  const parser = new ChunkParser({
    maxBufferedBytes: limits.preAuthMaxBufferedBytes,
    maxChunkStreams: limits.maxChunkStreams,
  });
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
    if (socket.writableLength > MAX_UNREAD_REPLY_BYTES) {
      stats.protocolErrors++;
      log.warn({ unread: socket.writableLength }, "RTMP peer does not read its replies; closing");
      socket.destroy();
      return;
    }
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
    clearTimers();
    finish();
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  const timeout = (what: string) => () => {
    if (closed) return;
    stats.timedOut++;
    log.warn(`RTMP ${what} timeout; closing`);
    close();
  };
  let handshakeTimer: NodeJS.Timeout | undefined = setTimeout(
    timeout("handshake"),
    limits.handshakeTimeoutMs,
  );
  let publishTimer: NodeJS.Timeout | undefined = setTimeout(
    timeout("publish"),
    limits.publishTimeoutMs,
  );
  const clearTimers = () => {
    clearTimeout(handshakeTimer);
    clearTimeout(publishTimer);
    handshakeTimer = publishTimer = undefined;
  };
  socket.setTimeout(limits.idleTimeoutMs);
  socket.on("timeout", timeout("idle"));

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
        clearTimeout(handshakeTimer);
        send(MessageType.windowAckSize, u32(WINDOW_ACK_SIZE));
        send(MessageType.setPeerBandwidth, Buffer.concat([u32(WINDOW_ACK_SIZE), Buffer.from([2])]));
        send(MessageType.setChunkSize, u32(outChunkSize));
        if (data.length === 0) return;
      }
      for (const message of parser.push(data)) onMessage(message);
      stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, parser.bufferedBytes);
      if (received - lastAck >= peerWindow) {
        lastAck = received;
        send(MessageType.acknowledgement, u32(received >>> 0));
      }
    } catch (error) {
      stats.protocolErrors++;
      log.warn({ err: error }, "RTMP protocol error; closing");
      close();
    }
  });
  socket.on("error", (error) => log.debug({ err: error }, "socket error"));
  socket.on("close", () => {
    closed = true;
    clearTimers();
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
      decision = await options.authorize(streamKey, app, client);
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
    clearTimeout(publishTimer);
    parser.maxBufferedBytes = limits.maxBufferedBytes;
    sink.write(flvHeader());
    status(streamId, "status", "NetStream.Publish.Start", "Publishing.");
    log.info({ app }, "publisher started");
  }
}
