/**
 * A real EIP-1193 wallet for browser tests, injected into the page: the page sees a provider
 * (announced by EIP-6963 as "Test Wallet" and set as window.ethereum) whose every request
 * crosses to Node through page.exposeFunction. Node answers with a dev account: it signs and
 * sends transactions with viem against the local chain, signs messages and typed data, and
 * proxies every other call to the chain's RPC. The test controls which chain id the wallet
 * reports and can make the next signature request fail as a user rejection (code 4001).
 */
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import {
  createWalletClient,
  defineChain,
  http,
  numberToHex,
  type Account,
  type Address,
  type Hex,
  type TypedDataDefinition,
} from "viem";

export interface TestWalletOptions {
  rpcUrl: string;
  /** The chain the RPC serves; transactions are always sent there. */
  chainId: number;
  account: Account;
}

export interface TestWallet {
  readonly address: Address;
  /** The chain id the wallet reports now. */
  readonly reportedChainId: number;
  /** Reports `chainId` from now on and tells the page (chainChanged), as a wallet whose user switched networks. */
  setChainId(chainId: number): Promise<void>;
  /** The next signature request (transaction, message or typed data) fails with code 4001. */
  rejectNextSignature(): void;
  /** Uses `account` from now on and tells the page (accountsChanged), as a user switching accounts. */
  switchAccount(account: Account): Promise<void>;
  /** Every method the page called, in order. */
  readonly calls: readonly string[];
}

interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

class ProviderRpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor({ code, message, data }: RpcError) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

const SIGNING = new Set([
  "eth_sendTransaction",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sign",
]);
const ICON =
  "data:image/svg+xml;base64," +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2b6cb0"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff">T</text></svg>',
  ).toString("base64");

/** What runs in the page before any of its scripts: the provider and its EIP-6963 announcement. */
function pageScript(info: { uuid: string; name: string; icon: string; rdns: string }) {
  type Listener = (payload: unknown) => void;
  const bridge = (window as unknown as { __testWalletRequest(request: string): Promise<string> })
    .__testWalletRequest;
  const listeners = new Map<string, Set<Listener>>();
  const provider = {
    isTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }) {
      const answer = JSON.parse(await bridge(JSON.stringify({ method, params }))) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (answer.error) {
        const error = new Error(answer.error.message) as Error & { code: number; data?: unknown };
        error.code = answer.error.code;
        error.data = answer.error.data;
        throw error;
      }
      return answer.result;
    },
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  Object.defineProperty(window, "__testWalletEmit", {
    value: (event: string, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  });
  Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
  const detail = Object.freeze({ info: Object.freeze(info), provider });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
}

function quantity(value: unknown): bigint | undefined {
  return typeof value === "string" ? BigInt(value) : undefined;
}

/** Installs the wallet into `page` (before it navigates) and returns its controls. */
export async function installTestWallet(
  page: Page,
  options: TestWalletOptions,
): Promise<TestWallet> {
  const { rpcUrl, chainId } = options;
  let account = options.account;
  const chain = defineChain({
    id: chainId,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const walletFor = (a: Account) =>
    createWalletClient({ account: a, chain, transport: http(rpcUrl) });
  let wallet = walletFor(account);
  let reportedChainId = chainId;
  let authorized = false;
  let rejectNext = false;
  const calls: string[] = [];

  const emit = (event: string, payload: unknown) =>
    page.evaluate(
      ([e, p]) =>
        (window as unknown as { __testWalletEmit(e: string, p: unknown): void }).__testWalletEmit(
          e,
          p,
        ),
      [event, payload] as const,
    );

  const proxy = async (method: string, params: unknown): Promise<unknown> => {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
    });
    const body = (await res.json()) as { result?: unknown; error?: RpcError };
    if (body.error) throw new ProviderRpcError(body.error);
    return body.result;
  };

  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    if (SIGNING.has(method)) {
      if (!authorized)
        throw new ProviderRpcError({ code: 4100, message: "Test Wallet: not connected" });
      if (rejectNext) {
        rejectNext = false;
        throw new ProviderRpcError({ code: 4001, message: "User rejected the request." });
      }
    }
    switch (method) {
      case "eth_requestAccounts":
        authorized = true;
        return [account.address];
      case "eth_accounts":
        return authorized ? [account.address] : [];
      case "eth_chainId":
        return numberToHex(reportedChainId);
      case "net_version":
        return String(reportedChainId);
      case "wallet_requestPermissions":
        authorized = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_getPermissions":
        return authorized ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        authorized = false;
        await emit("accountsChanged", []);
        return null;
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: string }).chainId);
        if (wanted !== chainId) {
          throw new ProviderRpcError({
            code: 4902,
            message: `Test Wallet: unrecognized chain ${wanted}`,
          });
        }
        reportedChainId = wanted;
        await emit("chainChanged", numberToHex(wanted));
        return null;
      }
      case "eth_sendTransaction": {
        const tx = params[0] as Record<string, string | undefined>;
        if (tx.from && tx.from.toLowerCase() !== account.address.toLowerCase()) {
          throw new ProviderRpcError({
            code: 4100,
            message: `Test Wallet: unknown account ${tx.from}`,
          });
        }
        if (reportedChainId !== chainId) {
          throw new ProviderRpcError({
            code: 4901,
            message: `Test Wallet: on chain ${reportedChainId}`,
          });
        }
        return wallet.sendTransaction({
          to: tx.to as Address | undefined,
          data: tx.data as Hex | undefined,
          value: quantity(tx.value),
          gas: quantity(tx.gas),
        });
      }
      case "personal_sign": {
        const [message, signer] = params as [Hex, Address];
        if (signer.toLowerCase() !== account.address.toLowerCase()) {
          throw new ProviderRpcError({
            code: 4100,
            message: `Test Wallet: unknown account ${signer}`,
          });
        }
        return wallet.signMessage({ message: { raw: message } });
      }
      case "eth_signTypedData_v4": {
        const [signer, json] = params as [Address, string];
        if (signer.toLowerCase() !== account.address.toLowerCase()) {
          throw new ProviderRpcError({
            code: 4100,
            message: `Test Wallet: unknown account ${signer}`,
          });
        }
        const typed = JSON.parse(json) as TypedDataDefinition & { types: Record<string, unknown> };
        const { EIP712Domain: _domainType, ...types } = typed.types;
        return wallet.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      case "eth_sign":
        throw new ProviderRpcError({
          code: 4200,
          message: "Test Wallet: eth_sign is not supported",
        });
      default:
        return proxy(method, params);
    }
  };

  await page.exposeFunction("__testWalletRequest", async (request: string): Promise<string> => {
    const { method, params } = JSON.parse(request) as { method: string; params?: unknown };
    calls.push(method);
    try {
      const args = Array.isArray(params) ? params : params === undefined ? [] : [params];
      const result = await handle(method, args);
      return JSON.stringify({ result: result ?? null });
    } catch (error) {
      const e = error as Partial<RpcError> & { shortMessage?: string; details?: string };
      const code = typeof e.code === "number" ? e.code : -32603;
      const message = e.shortMessage ?? e.message ?? String(error);
      return JSON.stringify({ error: { code, message, data: e.data } });
    }
  });
  await page.addInitScript(pageScript, {
    uuid: randomUUID(),
    name: "Test Wallet",
    icon: ICON,
    rdns: "dev.streamrp2p.testwallet",
  });

  return {
    get address() {
      return account.address;
    },
    get reportedChainId() {
      return reportedChainId;
    },
    async setChainId(id: number) {
      reportedChainId = id;
      await emit("chainChanged", numberToHex(id));
    },
    rejectNextSignature() {
      rejectNext = true;
    },
    async switchAccount(next: Account) {
      account = next;
      wallet = walletFor(next);
      if (authorized) await emit("accountsChanged", [next.address]);
    },
    calls,
  };
}
