import { useContext } from "react";
import { ToastContext, type ToastApi } from "../config/ToastContext.ts";

export function useToasts(): ToastApi {
  const value = useContext(ToastContext);
  if (!value) throw new Error("useToasts must be used inside <AppProviders>");
  return value;
}
