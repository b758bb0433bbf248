import { createConfig, custom, injected, mock, type CreateConnectorFn } from "wagmi";
import { connect } from "wagmi/actions";
import { hardhat, mainnet } from "viem/chains";
import {
  decodeFunctionData,
  encodeFunctionResult,
  numberToHex,
  pad,
  type Abi,
  type Address,
  type Hex,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { tokenAbi } from "@streamrp2p/client";
import { ACCOUNT, ACCOUNT_KEY, relayStakingAbi, rewardPoolsAbi, testTokenAbi } from "./fixtures.ts";

type Handler = (args: readonly unknown[]) => unknown;

/** Contract reads answered by handlers keyed "address:functionName" (lower-case address). */
export type ChainHandlers = Record<string, Handler>;

/** An event log the chain holds (answers eth_getLogs whose address and topics match). */
export interface FakeLog {
  readonly address: Address;
  readonly topics: readonly Hex[];
  readonly data: Hex;
}

interface LogFilter {
  address?: Address | Address[];
  topics?: (Hex | Hex[] | null)[];
}

function matches(log: FakeLog, filter: LogFilter): boolean {
  const addresses = [filter.address ?? []].flat().map((a) => a.toLowerCase());
  if (addresses.length > 0 && !addresses.includes(log.address.toLowerCase())) return false;
  return (filter.topics ?? []).every((wanted, i) => {
    if (wanted === null) return true;
    const topic = log.topics[i]?.toLowerCase();
    return [wanted].flat().some((w) => w.toLowerCase() === topic);
  });
}

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
export function fakeProvider(
  handlers: ChainHandlers,
  options: { blockNumber?: bigint; logs?: readonly FakeLog[] } = {},
) {
  return {
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      switch (method) {
        case "eth_chainId":
          return numberToHex(hardhat.id);
        case "eth_blockNumber":
          return numberToHex(options.blockNumber ?? 100n);
        case "eth_getLogs": {
          const [filter] = params as [LogFilter];
          return (options.logs ?? [])
            .filter((log) => matches(log, filter))
            .map((log, i) => ({
              ...log,
              blockNumber: numberToHex(1),
              blockHash: pad("0x01"),
              transactionHash: pad(numberToHex(i + 1)),
              transactionIndex: "0x0",
              logIndex: numberToHex(i),
              removed: false,
            }));
        }
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
  logs: readonly FakeLog[] = [],
) {
  return createConfig({
    chains: [hardhat, mainnet],
    connectors,
    transports: {
      [hardhat.id]: custom(fakeProvider(handlers, { logs })),
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

/**
 * What the test wallet was asked to sign, and a switch to make its user decline the next
 * request (a signature or a transaction; a transaction it does not decline fails: nothing mines).
 */
export interface TestWalletControls {
  readonly signed: TypedDataDefinition[];
  declineNextSignature(): void;
}

/**
 * A config with a connected injected wallet that signs EIP-712 messages with dev key #0 (as a
 * browser wallet does after its user confirms) and answers reads from the fake chain. Its user
 * can decline a signature (EIP-1193 code 4001, which viem turns into UserRejectedRequestError).
 */
export async function signingWagmiConfig(
  handlers: ChainHandlers = {},
  { logs = [] }: { logs?: readonly FakeLog[] } = {},
): Promise<{ config: ReturnType<typeof fakeWagmiConfig>; wallet: TestWalletControls }> {
  const account = privateKeyToAccount(ACCOUNT_KEY);
  const chain = fakeProvider(handlers, { logs });
  let decline = false;
  const wallet: TestWalletControls = {
    signed: [],
    declineNextSignature: () => {
      decline = true;
    },
  };
  const answer = {
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [account.address];
        case "wallet_requestPermissions":
          return [{ parentCapability: "eth_accounts" }];
        case "eth_sendTransaction":
          if (decline) {
            decline = false;
            throw Object.assign(new Error("User rejected the request."), { code: 4001 });
          }
          throw Object.assign(new Error("Test wallet: this fake chain mines nothing"), {
            code: -32603,
          });
        case "eth_signTypedData_v4": {
          if (decline) {
            decline = false;
            throw Object.assign(new Error("User rejected the request."), { code: 4001 });
          }
          const [, json] = params as [Address, string];
          const { types, ...typed } = JSON.parse(json) as TypedDataDefinition & {
            types: Record<string, unknown>;
          };
          const { EIP712Domain: _domain, ...messageTypes } = types;
          const definition = { ...typed, types: messageTypes } as TypedDataDefinition;
          wallet.signed.push(definition);
          return account.signTypedData(definition);
        }
        default:
          return chain.request({ method, params });
      }
    },
  };
  const provider = {
    request: custom(answer)({ retryCount: 0 }).request,
    on: () => undefined,
    removeListener: () => undefined,
  };
  const config = fakeWagmiConfig(
    handlers,
    [injected({ target: { id: "testWallet", name: "Test Wallet", provider: () => provider } })],
    logs,
  );
  const [connector] = config.connectors;
  if (!connector) throw new Error("no test wallet connector");
  await connect(config, { connector, chainId: hardhat.id });
  return { config, wallet };
}
