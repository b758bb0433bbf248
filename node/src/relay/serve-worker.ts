/**
 * A relay serve worker (a worker thread; `--workers N` starts N of them, relay/serve-pool.ts):
 * its own node:http server on the relay's port (SO_REUSEPORT, the kernel spreads connections)
 * serving HLS from a store that replays, in order, what the main thread's verifier admitted.
 * /status, /metrics and POST /receipts are answered by the main thread through messages.
 * This module is the worker's script (relay/serve-worker-script.ts): from the source as a file,
 * from the bundles as code bundled on its own (scripts/build/bundle-node.ts).
 */
import { isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { createNodeServer } from "../hls/create-node-server.ts";
import { createHlsHandler } from "../hls/hls-handler.ts";
import { SegmentStore } from "../hls/segment-store.ts";
import { slotCounters } from "./served-counters.ts";
import { createReceiptHttpHandler, RECEIPTS_PATH, type ReceiptReply } from "./receipt-handler.ts";
import {
  SERVE_WORKER_ROLE,
  type FromWorker,
  type RemoteCallName,
  type RemoteCalls,
  type ServeWorkerData,
  type ToWorker,
} from "./serve-messages.ts";

/** True in a thread started as a serve worker: the only place this module runs one. */
function isServeWorker(): boolean {
  return (
    !isMainThread && (workerData as Partial<ServeWorkerData> | null)?.role === SERVE_WORKER_ROLE
  );
}

/** The remote call failed on the main thread. */
export class RemoteCallError extends Error {
  override readonly name = "RemoteCallError";
}

function runServeWorker(data: ServeWorkerData, parent: MessagePort): void {
  const post = (message: FromWorker) => parent.postMessage(message);
  const store = new SegmentStore({ maxBytes: data.maxBytes, windowSize: data.windowSize });
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  const call = <N extends RemoteCallName>(
    name: N,
    args: RemoteCalls[N]["args"],
  ): Promise<RemoteCalls[N]["result"]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolve(value as RemoteCalls[N]["result"]), reject });
      post({ type: "call", id, name, args });
    });

  const hls = createHlsHandler({
    store,
    counters: slotCounters(data.counters, data.index),
    status: () => call("status", {}),
    metrics: () => call("metrics", {}),
    onViewer: (id) => post({ type: "viewer", id }),
  });
  const receipts = createReceiptHttpHandler({
    admit: (client) => call("admitReceipt", { client }),
    submit: (text, client): Promise<ReceiptReply> => call("submitReceipt", { text, client }),
  });
  const tls = data.tls && { cert: Buffer.from(data.tls.cert), key: Buffer.from(data.tls.key) };
  const server = createNodeServer(tls, (req, res) => {
    if (req.url === RECEIPTS_PATH) receipts(req, res);
    else hls(req, res);
  });

  parent.on("message", (message: ToWorker) => {
    switch (message.type) {
      case "stream":
        store.addStream(message.streamId, message.originAddress);
        break;
      case "segment":
        store.add({
          live: message.live,
          bytes: Buffer.from(message.bytes),
          headers: message.headers,
        });
        break;
      case "part":
        store.addPart({
          live: message.live,
          bytes: Buffer.from(message.bytes),
          headers: message.headers,
        });
        break;
      case "answer": {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new RemoteCallError(message.message));
        break;
      }
      case "stop":
        server.closeAllConnections();
        server.close(() => {
          post({ type: "stopped" });
          parent.close();
        });
        break;
    }
  });
  server.listen({ port: data.port, host: data.host, reusePort: true }, () => {
    const address = server.address();
    post({ type: "listening", port: typeof address === "object" && address ? address.port : 0 });
  });
}

if (isServeWorker()) runServeWorker(workerData as ServeWorkerData, parentPort!);
