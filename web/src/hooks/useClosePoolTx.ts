import { closePool } from "../actions/closePool.ts";
import { useTx } from "./useTx.ts";

export function useClosePoolTx() {
  return useTx(closePool);
}
