import { useContext } from "react";
import { AppContext, type AppContextValue } from "../config/AppContext.ts";

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp must be used inside <AppProviders>");
  return value;
}
