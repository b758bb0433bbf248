import type { Deployment } from "@streamrp2p/deployments";

/** One chain's deployment, typed `as const` by the generated `@streamrp2p/deployments` module. */
export type { Deployment };

export type Deployments = Readonly<Record<number, Deployment | undefined>>;
