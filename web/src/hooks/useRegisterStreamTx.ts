import { registerStream } from "../actions/registerStream.ts";
import { useTx } from "./useTx.ts";

export function useRegisterStreamTx() {
  return useTx(registerStream);
}
