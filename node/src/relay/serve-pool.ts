/**
 * The relay's serve workers (`--workers N`, N > 1): N worker threads, each with its own
 * node:http server on the relay's port (SO_REUSEPORT: the kernel spreads connections over
 * them). The main thread keeps the one puller/verifier/store and hands the workers what its
 * store admitted (MirroredSegmentStore); it answers their /status, /metrics and receipt calls.
 *
 * A worker that stops on its own (a crash) is not restarted: `onWorkerLost` is called and the
 * relay exits with an error, for its supervisor (systemd, Docker) to restart it whole.
 */
import type { EventLoopUtilization } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { HlsCounters } from "../hls/hls-handler.ts";
import type { TlsFiles } from "../hls/create-node-server.ts";
import type { ReceiptIntake } from "./receipt-handler.ts";
import {
  SERVE_WORKER_ROLE,
  type FromWorker,
  type MirrorOp,
  type RemoteCallName,
  type ServeWorkerData,
  type ToWorker,
} from "./serve-messages.ts";
import { SERVE_WORKER_SCRIPT } from "./serve-worker-script.ts";
import { requestsByWorker, sharedCounters, totalCounters } from "./served-counters.ts";

/** A serve worker failed to start, or stopped while the relay was running. */
export class ServeWorkerError extends Error {
  override readonly name = "ServeWorkerError";
}

export interface ServePoolOptions {
  workers: number;
  host: string;
  /** 0: any free port (the first worker's). */
  port: number;
  tls: TlsFiles | undefined;
  /** Each worker's store bound, as the main thread's (the bytes themselves are shared). */
  maxBytes: number;
  windowSize: number;
  /** What the workers ask the main thread. */
  status: () => unknown;
  metrics: () => Promise<{ contentType: string; body: string }>;
  receipts: ReceiptIntake;
  onViewer: (id: string) => void;
  /** A worker stopped on its own after start-up. */
  onWorkerLost: (error: ServeWorkerError) => void;
}

export interface ServePool {
  port: number;
  /** Hands an admitted stream, segment or part to every worker. */
  publish(op: MirrorOp): void;
  /** The workers' counters added up. */
  counters(): HlsCounters;
  /** The requests each worker has answered (how the kernel spread the connections). */
  requestsByWorker(): number[];
  /** The workers' mean event-loop utilisation (0-1) since the previous call. */
  utilization(): number;
  /** Closes every worker's server and connections, then ends the threads. */
  stop(): Promise<void>;
}

/** How long a worker may take to close before it is terminated. */
const STOP_TIMEOUT_MS = 5000;

export async function startServePool(options: ServePoolOptions): Promise<ServePool> {
  const counters = sharedCounters(options.workers);
  const workers: Worker[] = [];
  const utilizations: (EventLoopUtilization | undefined)[] = [];
  let stopping = false;

  const answer = async (
    worker: Worker,
    id: number,
    name: RemoteCallName,
    args: Record<string, string>,
  ) => {
    let reply: ToWorker;
    try {
      reply = { type: "answer", id, ok: true, value: await remote(name, args) };
    } catch (error) {
      reply = { type: "answer", id, ok: false, message: (error as Error).message };
    }
    if (!stopping) worker.postMessage(reply);
  };
  const remote = (name: RemoteCallName, args: Record<string, string>): unknown => {
    switch (name) {
      case "status":
        return options.status();
      case "metrics":
        return options.metrics();
      case "admitReceipt":
        return options.receipts.admit(args.client!);
      case "submitReceipt":
        return options.receipts.submit(args.text!, args.client!);
    }
  };

  const start = async (index: number, port: number): Promise<number> => {
    const data: ServeWorkerData = {
      role: SERVE_WORKER_ROLE,
      index,
      host: options.host,
      port,
      tls: options.tls,
      maxBytes: options.maxBytes,
      windowSize: options.windowSize,
      counters,
    };
    const worker = new Worker(SERVE_WORKER_SCRIPT.script, {
      eval: SERVE_WORKER_SCRIPT.eval,
      workerData: data,
    });
    workers.push(worker);
    let failure: Error | undefined;
    worker.on("error", (error) => (failure = error));
    worker.on("message", (message: FromWorker) => {
      if (message.type === "viewer") options.onViewer(message.id);
      else if (message.type === "call") void answer(worker, message.id, message.name, message.args);
    });
    const listening = new Promise<number>((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type !== "listening") return;
        worker.off("message", onMessage);
        resolve(message.port);
      };
      worker.on("message", onMessage);
      worker.once("exit", (code) =>
        reject(
          new ServeWorkerError(
            `serve worker ${index} did not start (exit ${code})${failure ? `: ${failure.message}` : ""}`,
            { cause: failure },
          ),
        ),
      );
    });
    const bound = await listening;
    worker.once("exit", (code) => {
      if (stopping) return;
      options.onWorkerLost(
        new ServeWorkerError(
          `serve worker ${index} stopped (exit ${code})${failure ? `: ${failure.message}` : ""}`,
          { cause: failure },
        ),
      );
    });
    return bound;
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(workers.map((worker) => stopWorker(worker)));
  };

  let port: number;
  try {
    port = await start(0, options.port);
    await Promise.all(Array.from({ length: options.workers - 1 }, (_, i) => start(i + 1, port)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    publish(op) {
      for (const worker of workers) worker.postMessage(op satisfies ToWorker);
    },
    counters: () => totalCounters(counters),
    requestsByWorker: () => requestsByWorker(counters),
    utilization() {
      let sum = 0;
      workers.forEach((worker, i) => {
        const now = worker.performance.eventLoopUtilization();
        const since = utilizations[i];
        sum += (since ? worker.performance.eventLoopUtilization(now, since) : now).utilization;
        utilizations[i] = now;
      });
      return sum / workers.length;
    },
    stop,
  };
}

/** Asks a worker to close its server and connections, waits (bounded), ends the thread. */
async function stopWorker(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return; // already exited
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STOP_TIMEOUT_MS);
    worker.on("message", (message: FromWorker) => {
      if (message.type === "stopped") resolve();
    });
    worker.once("exit", () => resolve());
  });
  worker.postMessage({ type: "stop" } satisfies ToWorker);
  await closed;
  clearTimeout(timer);
  await worker.terminate();
}
