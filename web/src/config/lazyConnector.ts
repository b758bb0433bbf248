import { createConnector, type CreateConnectorFn } from "wagmi";

type ConnectorParameters = Parameters<CreateConnectorFn>[0];
type Connector = ReturnType<CreateConnectorFn>;

export interface LazyConnectorOptions {
  /** The real connector's id, name, type and rdns: the list shows them before it loads. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly rdns?: string | readonly string[];
  readonly icon?: string;
  /** Imports the real connector (a dynamic import, so its code is a chunk of its own). */
  readonly load: () => Promise<CreateConnectorFn>;
}

/**
 * A wagmi connector that imports the real one (and its SDK) only when it is needed: when the
 * user picks it, or when wagmi reconnects at start-up and it was the last one used. Until
 * then the connector list shows it without a byte of its code on the page, and wagmi's
 * reconnect probe (which asks every connector for a provider) skips it without loading it.
 */
export function lazyConnector(options: LazyConnectorOptions): CreateConnectorFn {
  return createConnector((config: ConnectorParameters) => {
    let real: Connector | undefined;
    let loading: Promise<Connector> | undefined;

    const load = (): Promise<Connector> => {
      loading ??= options.load().then(async (createReal) => {
        // the same emitter, chains and storage: the real connector's events reach wagmi as ours
        real = createReal(config);
        await real.setup?.();
        return real;
      });
      loading.catch(() => {
        loading = undefined;
      });
      return loading;
    };

    /** True when wagmi's storage says this connector was the last one connected. */
    const wasLastUsed = async (): Promise<boolean> => {
      try {
        return (await config.storage?.getItem("recentConnectorId")) === options.id;
      } catch {
        return false;
      }
    };

    return {
      id: options.id,
      name: options.name,
      type: options.type,
      ...(options.rdns === undefined ? {} : { rdns: options.rdns }),
      ...(options.icon === undefined ? {} : { icon: options.icon }),
      async connect(parameters) {
        return (await load()).connect(parameters);
      },
      async disconnect() {
        if (real || loading) await (await load()).disconnect();
      },
      async getAccounts() {
        return (await load()).getAccounts();
      },
      async getChainId() {
        return (await load()).getChainId();
      },
      async getProvider(parameters) {
        // wagmi's reconnect asks every connector: only the last used one is worth loading
        if (!real && !loading && !(await wasLastUsed())) return undefined;
        return (await load()).getProvider(parameters);
      },
      async isAuthorized() {
        if (!real && !loading && !(await wasLastUsed())) return false;
        try {
          return await (await load()).isAuthorized();
        } catch {
          return false;
        }
      },
      async switchChain(parameters) {
        const connector = await load();
        if (!connector.switchChain) throw new Error(`${options.name} cannot switch chains`);
        return connector.switchChain(parameters);
      },
      onAccountsChanged(accounts) {
        real?.onAccountsChanged(accounts);
      },
      onChainChanged(chainId) {
        real?.onChainChanged(chainId);
      },
      onConnect(connectInfo) {
        real?.onConnect?.(connectInfo);
      },
      onDisconnect(error) {
        real?.onDisconnect(error);
      },
      onMessage(message) {
        real?.onMessage?.(message);
      },
    };
  });
}
