import { reclaimPool } from "../actions/reclaimPool.ts";
import { useTx } from "./useTx.ts";

export function useReclaimPoolTx() {
  return useTx(reclaimPool);
}
