import type { Abi, Address } from "viem";

/** One deployed contract, as the generated `@streamrp2p/deployments` module describes it. */
export interface ContractDeployment {
  readonly address: Address;
  readonly abi: Abi;
  readonly deployBlock: number;
}

/** One chain's deployment: the part of deployments/<chainId>.json the web app reads. */
export interface Deployment {
  readonly chainId: number;
  readonly contracts: {
    readonly RewardPools: ContractDeployment;
    readonly RelayStaking: ContractDeployment;
    readonly TestToken?: ContractDeployment;
  };
}

export type Deployments = Readonly<Record<number, Deployment | undefined>>;
