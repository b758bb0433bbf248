import { type TxProgress } from "@streamrp2p/client";
import { TxHash } from "./TxHash.tsx";

export interface TxStatusProps {
  readonly status: "idle" | "pending" | "success" | "error";
  readonly progress: TxProgress | undefined;
  readonly error: string | undefined;
  /** What succeeded, e.g. "Staked 100 TST". */
  readonly successText?: string;
}

function pendingText(progress: TxProgress | undefined): string {
  if (!progress) return "Preparing…";
  const step = progress.steps > 1 ? ` (step ${progress.step} of ${progress.steps})` : "";
  if (progress.phase === "wallet") return `${progress.label}: confirm in your wallet${step}`;
  if (progress.phase === "pending") return `${progress.label}: pending${step}`;
  return `${progress.label}: confirmed${step}`;
}

/** Where a transaction is: waiting for the wallet, pending, confirmed, or failed with a reason. */
export function TxStatus({ status, progress, error, successText }: TxStatusProps) {
  if (status === "idle") return null;
  const text =
    status === "pending"
      ? pendingText(progress)
      : status === "success"
        ? (successText ?? "Confirmed")
        : `Failed: ${error ?? "unknown error"}`;
  return (
    <div
      className="tx-status"
      data-testid="tx-status"
      data-state={status}
      role={status === "error" ? "alert" : "status"}
    >
      {text}
      {progress?.hash && status !== "error" ? (
        <div className="muted">
          tx <TxHash hash={progress.hash} />
        </div>
      ) : null}
    </div>
  );
}
