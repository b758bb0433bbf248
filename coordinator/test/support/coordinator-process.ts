/**
 * Coordinator processes for the crash and cluster tests: `node src/main.ts` with an
 * environment, waited for until it answers /healthz, and SIGKILLed at will.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const MAIN = path.resolve(import.meta.dirname, "../../src/main.ts");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a coordinator on 127.0.0.1:`port`; resolves once it answers /healthz. */
export async function startCoordinator(
  env: Record<string, string>,
  port: number,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, COORDINATOR_PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const until = Date.now() + 90_000; // generous: a loaded 2-core machine is slow, not wrong
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error("coordinator did not start");
}

/** SIGKILLs the process (no shutdown); resolves once it exited. */
export function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Posts until a coordinator acknowledges (it may be down, restarting or failing over). */
export async function postUntilAccepted(post: () => Promise<{ status: number }>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await post().catch(() => ({ status: 0 }));
    if (res.status === 202) return;
    await sleep(50);
  }
  throw new Error("never accepted");
}
