import { revokeRelayKey } from "../actions/revokeRelayKey.ts";
import { useTx } from "./useTx.ts";

export function useRevokeRelayKeyTx() {
  return useTx(revokeRelayKey);
}
