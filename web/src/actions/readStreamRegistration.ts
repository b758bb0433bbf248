import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import { zeroAddress, type Address, type Hex } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { namedResult, pickAddress } from "../lib/namedResult.ts";

/** A stream's on-chain owner and origin signer (RelayStaking.streamOf); undefined if unregistered. */
export async function readStreamRegistration(
  config: Config,
  { deployment, streamId }: { deployment: Deployment; streamId: Hex },
): Promise<{ owner: Address; originSigner: Address } | undefined> {
  const { address, abi } = deployment.contracts.RelayStaking;
  const result = namedResult(
    abi,
    "streamOf",
    await readContract(config, { address, abi, functionName: "streamOf", args: [streamId] }),
  );
  const owner = pickAddress(result, ["owner"]);
  const originSigner = pickAddress(result, ["originSigner"]);
  if (!owner || !originSigner || owner === zeroAddress) return undefined;
  return { owner, originSigner };
}
