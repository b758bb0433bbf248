import { withdrawStake } from "../actions/withdrawStake.ts";
import { useTx } from "./useTx.ts";

export function useWithdrawStakeTx() {
  return useTx(withdrawStake);
}
