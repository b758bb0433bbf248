import type { ReactNode } from "react";
import type { Route } from "../lib/route.ts";
import { ConnectButton } from "./ConnectButton.tsx";
import { DeploymentBanner } from "./DeploymentBanner.tsx";
import { NetworkBanner } from "./NetworkBanner.tsx";

const NAV: readonly { page: Route["page"]; href: string; label: string }[] = [
  { page: "home", href: "#/", label: "Watch" },
  { page: "streamer", href: "#/streamer", label: "Stream" },
  { page: "operator", href: "#/operator", label: "Relay & earn" },
  { page: "leaderboard", href: "#/leaderboard", label: "Leaderboard" },
  { page: "explore", href: "#/explore", label: "Pools & relays" },
];

export function AppShell({ route, children }: { route: Route; children: ReactNode }) {
  const current = route.page === "watch" ? "home" : route.page;
  return (
    <>
      <header className="header">
        <a className="brand" href="#/">
          Streamr<span>P2P</span>
        </a>
        <nav className="nav" aria-label="Main">
          {NAV.map((item) => (
            <a
              key={item.page}
              href={item.href}
              aria-current={item.page === current ? "page" : undefined}
              data-testid={`nav-${item.page}`}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <ConnectButton />
      </header>
      <main className="main">
        <NetworkBanner />
        <DeploymentBanner />
        {children}
      </main>
    </>
  );
}
