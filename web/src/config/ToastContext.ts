import { createContext } from "react";
import type { Hash } from "viem";

/** One notification: a transaction submitted, confirmed or failed (with the reason in words). */
export interface Toast {
  /** A toast with the same id replaces the earlier one (submitted → confirmed). */
  readonly id: string;
  readonly kind: "submitted" | "confirmed" | "failed";
  readonly title: string;
  readonly detail?: string | undefined;
  readonly hash?: Hash | undefined;
}

export interface ToastApi {
  show(toast: Toast): void;
  dismiss(id: string): void;
}

export const ToastContext = createContext<ToastApi | undefined>(undefined);
