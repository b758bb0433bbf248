/**
 * A private Redis for tests, the demo and benchmarks: Debian's `redis-server` on a free
 * loopback port with its own temporary directory, ready once it answers PING.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, spawnService, waitUntil, type Service, type SpawnOptions } from "./service.ts";

export interface RedisServerOptions {
  /** Loopback port; a free one when omitted. */
  port?: number;
  /** Data directory; a fresh temporary one (removed on stop) when omitted. */
  dir?: string;
  /** Append-only persistence, so `restart()` keeps the data. Default false (memory only). */
  appendOnly?: boolean;
  log?: SpawnOptions["log"];
  /** The server binary. Default `redis-server` from PATH. */
  binary?: string;
}

export interface RedisServer {
  /** redis://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops the server and removes the directory it created. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and directory. */
  restart(): Promise<void>;
}

/** Sends PING over a raw socket; true when the server answers +PONG. */
export function pingRedis(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), "streamrp2p-redis-")));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.appendOnly ? "yes" : "no",
    "--daemonize",
    "no",
    "--protected-mode",
    "yes",
  ];
  let service: Service | undefined;
  const launch = async () => {
    service = spawnService(`redis:${port}`, options.binary ?? "redis-server", args, {
      log: options.log ?? "ignore",
    });
    await waitUntil(`redis-server on port ${port}`, () => pingRedis(port), {
      timeoutMs: 10_000,
      intervalMs: 50,
      service,
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      await service?.stop();
      service = undefined;
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await service?.stop();
      await launch();
    },
  };
}
