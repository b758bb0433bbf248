import { claimAll } from "../actions/claimAll.ts";
import { useTx } from "./useTx.ts";

export function useClaimAllTx() {
  return useTx(claimAll);
}
