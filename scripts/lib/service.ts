/**
 * Child processes for the demo, the end-to-end tests and the benchmarks: spawn with output
 * prefixed or captured, wait until ready, and stop the whole process group on exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";

export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  /** Output so far (last 64 KiB), for error messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where output goes: a log file path, "inherit" with a name prefix, or nowhere. */
  log?: string | "inherit" | "ignore";
}

const running = new Set<Service>();

export function spawnService(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let buffer = "";
  const sink =
    options.log && options.log !== "inherit" && options.log !== "ignore"
      ? createWriteStream(options.log, { flags: "a" })
      : undefined;
  const onData = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-65_536);
    sink?.write(chunk);
    if (options.log === "inherit") {
      for (const line of chunk.toString().split("\n")) {
        if (line) process.stdout.write(`[${name}] ${line}\n`);
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const service: Service = {
    name,
    child,
    output: () => buffer,
    async stop(signal = "SIGTERM") {
      running.delete(service);
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          return;
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            // already gone
          }
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
      sink?.end();
    },
  };
  running.add(service);
  return service;
}

/** Stops every service this process started (in reverse order). */
export async function stopAll(): Promise<void> {
  for (const service of [...running].reverse()) await service.stop();
}

/** Polls `check` until it returns true, the service dies, or the timeout passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    service,
  }: { timeoutMs?: number; intervalMs?: number; service?: Service } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service && service.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited (${service.child.exitCode}) while waiting for ${what}:\n${service.output()}`,
      );
    }
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${service ? `:\n${service.output()}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves once GET `url` answers with a status below 500. */
export function waitForHttp(
  url: string,
  options: Parameters<typeof waitUntil>[2] = {},
): Promise<void> {
  return waitUntil(url, async () => (await fetch(url)).status < 500, options);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** Whether something already listens on 127.0.0.1:`port`. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}
