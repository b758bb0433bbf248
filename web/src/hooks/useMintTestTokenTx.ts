import { mintTestToken } from "../actions/mintTestToken.ts";
import { useTx } from "./useTx.ts";

export function useMintTestTokenTx() {
  return useTx(mintTestToken);
}
