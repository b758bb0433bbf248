/**
 * What the relay's main thread (the one place that pulls, verifies and admits) and its serve
 * workers (relay/serve-worker.ts) say to each other. The workers receive only what the main
 * thread's store admitted, with the bytes in shared memory (one copy for all threads), and ask
 * the main thread for what must stay in one place: /status, /metrics and receipt intake.
 */
import type { LivePart, LiveSegment } from "@streamrp2p/protocol/api";
import type { ReceiptReply } from "./receipt-handler.ts";

export const SERVE_WORKER_ROLE = "streamrp2p-relay-serve-worker";

export interface ServeWorkerData {
  role: typeof SERVE_WORKER_ROLE;
  /** 0-based; also the worker's slot in `counters`. */
  index: number;
  host: string;
  port: number;
  tls: { cert: Uint8Array; key: Uint8Array } | undefined;
  maxBytes: number;
  windowSize: number;
  /** The served counters, a slot per worker (relay/served-counters.ts). */
  counters: SharedArrayBuffer;
}

/** One admission of the main thread's store, replayed in order by every worker's store. */
export type MirrorOp =
  | { type: "stream"; streamId: `0x${string}`; originAddress: `0x${string}` }
  | {
      type: "segment";
      live: LiveSegment;
      bytes: SharedArrayBuffer;
      headers: Record<string, string>;
    }
  | { type: "part"; live: LivePart; bytes: SharedArrayBuffer; headers: Record<string, string> };

/** The calls a worker makes to the main thread, and what each returns. */
export interface RemoteCalls {
  status: { args: Record<string, never>; result: unknown };
  metrics: { args: Record<string, never>; result: { contentType: string; body: string } };
  admitReceipt: { args: { client: string }; result: boolean };
  submitReceipt: { args: { text: string; client: string }; result: ReceiptReply };
}
export type RemoteCallName = keyof RemoteCalls;

export type ToWorker =
  | MirrorOp
  | { type: "answer"; id: number; ok: true; value: unknown }
  | { type: "answer"; id: number; ok: false; message: string }
  | { type: "stop" };

export type FromWorker =
  | { type: "listening"; port: number }
  | { type: "viewer"; id: string }
  | { type: "call"; id: number; name: RemoteCallName; args: Record<string, string> }
  | { type: "stopped" };
