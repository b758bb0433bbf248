import { authorizeRelayKey } from "../actions/authorizeRelayKey.ts";
import { useTx } from "./useTx.ts";

export function useAuthorizeRelayKeyTx() {
  return useTx(authorizeRelayKey);
}
