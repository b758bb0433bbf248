import { useApp } from "../hooks/useApp.ts";

/** Says so when no contracts are deployed on the configured chain (wallet features are off). */
export function DeploymentBanner() {
  const { app, deployment } = useApp();
  if (deployment) return null;
  return (
    <div className="banner warn" role="status" data-testid="no-deployment">
      <span>
        No StreamrP2P contracts are deployed on chain {app.chainId}. Watching works; staking, pools
        and claims need a deployment (<code>npm run deploy:local</code>).
      </span>
    </div>
  );
}
