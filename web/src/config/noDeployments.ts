/**
 * Stand-in for `@streamrp2p/deployments` while scripts/deploy has not generated it yet (see
 * vite.config.ts and tsconfig.json `paths`): no chain has contracts, so the app renders its
 * "not deployed" state instead of failing to build.
 */
import type { Deployments } from "./deployment.ts";

export const deployments: Deployments = {};
