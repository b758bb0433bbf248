import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionResult,
  parseAbi,
  toCoinType,
  zeroAddress,
  type Hex,
} from "viem";
import { base } from "viem/chains";
import { namehash } from "viem/ens";

const universalResolver = parseAbi([
  "function reverseWithGateways(bytes reverseName, uint256 coinType, string[] gateways) view returns (string, address, address)",
  "function resolveWithGateways(bytes name, bytes data, string[] gateways) view returns (bytes, address)",
]);
const textResolver = parseAbi(["function text(bytes32 node, string key) view returns (string)"]);
const RESOLVER = "0x231b0Ee14048e9dCcD1d247744d114a4EB5E8E63";

export interface FakeEnsRecords {
  /** lower-case address -> its Ethereum (coin type 60) primary name */
  readonly ethereum?: Record<string, string>;
  /** lower-case address -> its Base primary name (basename) */
  readonly base?: Record<string, string>;
  /** any name -> its avatar text record */
  readonly avatars?: Record<string, string>;
  /** Answer every eth_call with these raw bytes instead (a broken resolver). */
  readonly garbage?: Hex;
}

/**
 * A mainnet JSON-RPC endpoint (as a fetch) whose ENS Universal Resolver knows `records`; it
 * counts the JSON-RPC requests it answers (single or batched). Nothing leaves the process.
 */
export function fakeEnsRpc(records: FakeEnsRecords) {
  const requests: string[] = [];
  let batches = 0;
  const baseCoinType = toCoinType(base.id);
  const answer = (method: string, params: unknown[]): unknown => {
    if (method === "eth_chainId") return "0x1";
    if (method !== "eth_call") throw new Error(`fake ENS RPC: ${method}`);
    if (records.garbage) return records.garbage;
    const { data } = params[0] as { data: Hex };
    const call = decodeFunctionData({ abi: universalResolver, data });
    if (call.functionName === "reverseWithGateways") {
      const [address, coinType] = call.args;
      const table = coinType === baseCoinType ? records.base : records.ethereum;
      const name = table?.[address.toLowerCase()] ?? "";
      return encodeFunctionResult({
        abi: universalResolver,
        functionName: "reverseWithGateways",
        result: [name, name ? RESOLVER : zeroAddress, zeroAddress],
      });
    }
    const { args } = decodeFunctionData({ abi: textResolver, data: call.args[1] });
    const [node, key] = args;
    const name = Object.keys(records.avatars ?? {}).find((n) => namehash(n) === node);
    const avatar = key === "avatar" && name ? (records.avatars?.[name] ?? "") : "";
    const text = encodeFunctionResult({ abi: textResolver, functionName: "text", result: avatar });
    return encodeAbiParameters([{ type: "bytes" }, { type: "address" }], [text, RESOLVER]);
  };
  type RpcRequest = { id: number; method: string; params: unknown[] };
  const reply = (request: RpcRequest) => {
    requests.push(request.method);
    try {
      return { jsonrpc: "2.0", id: request.id, result: answer(request.method, request.params) };
    } catch (error) {
      return { jsonrpc: "2.0", id: request.id, error: { code: -32601, message: String(error) } };
    }
  };
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as RpcRequest | RpcRequest[];
    batches += 1;
    return Response.json(Array.isArray(body) ? body.map(reply) : reply(body));
  }) as typeof globalThis.fetch;
  return {
    fetch,
    requests,
    /** HTTP requests made (a JSON-RPC batch is one). */
    get httpRequests() {
      return batches;
    },
  };
}
