import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { ToastContext, type Toast, type ToastApi } from "../config/ToastContext.ts";
import { TxHash } from "./TxHash.tsx";

/** How long a toast stays: a failure until read (or 20 s), a confirmation 8 s. */
const LIFETIME_MS: Readonly<Record<Toast["kind"], number | undefined>> = {
  submitted: undefined,
  confirmed: 8_000,
  failed: 20_000,
};

/** Provides `useToasts()` and shows the toasts in a live region at the bottom of the screen. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const dismiss = useCallback((id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);
  const show = useCallback(
    (toast: Toast) => {
      setToasts((list) =>
        list.some((t) => t.id === toast.id)
          ? list.map((t) => (t.id === toast.id ? toast : t))
          : [...list, toast].slice(-4),
      );
      clearTimeout(timers.current.get(toast.id));
      const lifetime = LIFETIME_MS[toast.kind];
      if (lifetime !== undefined) {
        timers.current.set(
          toast.id,
          setTimeout(() => dismiss(toast.id), lifetime),
        );
      }
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite" data-testid="toasts">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast ${toast.kind}`}
            role={toast.kind === "failed" ? "alert" : "status"}
            data-testid="toast"
            data-kind={toast.kind}
          >
            <div className="toast-body">
              <strong>{toast.title}</strong>
              {toast.detail ? <div>{toast.detail}</div> : null}
              {toast.hash ? <TxHash hash={toast.hash} /> : null}
            </div>
            <button
              type="button"
              className="link-button"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
