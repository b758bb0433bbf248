/**
 * The receipts job of a viewer: signs one cumulative receipt per relay whose counts changed
 * (session key: ECDSA P-256) and posts it to that relay's `POST /receipts`. A failed post is
 * retried at the next tick with a fresh (still cumulative) receipt.
 */
import { signReceipt, type SessionKey, type SignedReceipt } from "@streamrp2p/protocol/receipt";
import type { ReceiptAccumulator } from "./ReceiptAccumulator.ts";
import type { ViewerEmit } from "./ViewerEvents.ts";

export interface ReceiptSenderDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  timeoutMs: number;
  emit: ViewerEmit;
}

export class ReceiptSender {
  readonly stats = { accepted: 0, failed: 0 };
  private readonly deps: ReceiptSenderDeps;
  private sending: Promise<void> | undefined;

  constructor(deps: ReceiptSenderDeps) {
    this.deps = deps;
  }

  /** Posts what is due of `receipts`; concurrent calls share one round. */
  send(receipts: ReceiptAccumulator | undefined, key: SessionKey | undefined): Promise<void> {
    this.sending ??= this.post(receipts, key).finally(() => (this.sending = undefined));
    return this.sending;
  }

  /** Posts what is due of `receipts` now, outside the shared round (a session's last receipts). */
  async post(receipts: ReceiptAccumulator | undefined, key: SessionKey | undefined): Promise<void> {
    if (!receipts || !key) return;
    const { fetch, now, timeoutMs, emit } = this.deps;
    await Promise.all(
      receipts.due(now()).map(async ({ url, receipt }) => {
        const signed: SignedReceipt = {
          ...receipt,
          signature: await signReceipt(key.keyPair.privateKey, receipt),
        };
        let error: string | undefined;
        try {
          const response = await fetch(`${url.replace(/\/$/, "")}/receipts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(signed),
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.body?.cancel();
          if (response.status !== 202) error = `HTTP ${response.status}`;
        } catch (cause) {
          error = cause instanceof Error ? cause.message : String(cause);
        }
        if (error === undefined) {
          receipts.accepted(receipt);
          this.stats.accepted++;
        } else {
          this.stats.failed++;
        }
        emit("receipt", { url, receipt: signed, accepted: error === undefined, error });
      }),
    );
  }
}
