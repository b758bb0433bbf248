import { createConfig, custom, mock, type CreateConnectorFn } from "wagmi";
import { connect } from "wagmi/actions";
import { hardhat, mainnet } from "viem/chains";
import {
  decodeFunctionData,
  encodeFunctionResult,
  numberToHex,
  type Abi,
  type Address,
} from "viem";
import { tokenAbi } from "@streamrp2p/client";
import { ACCOUNT, relayStakingAbi, rewardPoolsAbi, testTokenAbi } from "./fixtures.ts";

type Handler = (args: readonly unknown[]) => unknown;

/** Contract reads answered by handlers keyed "address:functionName" (lower-case address). */
export type ChainHandlers = Record<string, Handler>;

const ABIS: readonly Abi[] = [rewardPoolsAbi, relayStakingAbi, tokenAbi, testTokenAbi];

class RpcError extends Error {
  code: number;
  data: string | undefined;
  constructor(code: number, message: string, data?: string) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

/** An EIP-1193 provider for a chain that only answers reads of our contracts. */
export function fakeProvider(handlers: ChainHandlers, options: { blockNumber?: bigint } = {}) {
  return {
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      switch (method) {
        case "eth_chainId":
          return numberToHex(hardhat.id);
        case "eth_blockNumber":
          return numberToHex(options.blockNumber ?? 100n);
        case "eth_getLogs":
          return [];
        case "eth_call": {
          const [{ to, data }] = params as [{ to: Address; data: `0x${string}` }];
          for (const abi of ABIS) {
            let decoded: { functionName: string; args?: readonly unknown[] | undefined };
            try {
              decoded = decodeFunctionData({ abi, data });
            } catch {
              continue;
            }
            const handler = handlers[`${to.toLowerCase()}:${decoded.functionName}`];
            if (!handler) continue;
            const result = handler(decoded.args ?? []);
            return encodeFunctionResult({
              abi,
              functionName: decoded.functionName,
              result,
            } as never);
          }
          throw new RpcError(3, "execution reverted", "0x");
        }
        default:
          throw new RpcError(-32601, `fake chain: ${method} not supported`);
      }
    },
  };
}

/**
 * A wagmi config on the local chain whose reads go to `fakeProvider(handlers)`; mainnet is
 * configured too, so a wallet can sit on the wrong network.
 */
export function fakeWagmiConfig(
  handlers: ChainHandlers = {},
  connectors: CreateConnectorFn[] = [],
) {
  return createConfig({
    chains: [hardhat, mainnet],
    connectors,
    transports: {
      [hardhat.id]: custom(fakeProvider(handlers)),
      [mainnet.id]: custom(fakeProvider({})),
    },
    multiInjectedProviderDiscovery: false,
    pollingInterval: 100,
  });
}

/** A config with a connected mock wallet holding `account`. */
export async function connectedWagmiConfig(
  handlers: ChainHandlers = {},
  options: { account?: Address; chainId?: typeof hardhat.id | typeof mainnet.id } = {},
) {
  const config = fakeWagmiConfig(handlers, [
    mock({ accounts: [options.account ?? ACCOUNT], features: { reconnect: true } }),
  ]);
  const [connector] = config.connectors;
  if (!connector) throw new Error("no mock connector");
  await connect(config, { connector, chainId: options.chainId ?? hardhat.id });
  return config;
}
