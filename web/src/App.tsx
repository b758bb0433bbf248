import { lazy, Suspense } from "react";
import { AppShell } from "./components/AppShell.tsx";
import { useHashRoute } from "./hooks/useHashRoute.ts";
import { useRefreshOnBlock } from "./hooks/useRefreshOnBlock.ts";
import { HomePage } from "./pages/HomePage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";

// Pages load on first visit: the watch page alone pulls in hls.js.
const WatchPage = lazy(() =>
  import("./pages/WatchPage.tsx").then((m) => ({ default: m.WatchPage })),
);
const StreamerPage = lazy(() =>
  import("./pages/StreamerPage.tsx").then((m) => ({ default: m.StreamerPage })),
);
const OperatorPage = lazy(() =>
  import("./pages/OperatorPage.tsx").then((m) => ({ default: m.OperatorPage })),
);
const LeaderboardPage = lazy(() =>
  import("./pages/LeaderboardPage.tsx").then((m) => ({ default: m.LeaderboardPage })),
);
const ExplorePage = lazy(() =>
  import("./pages/ExplorePage.tsx").then((m) => ({ default: m.ExplorePage })),
);

export function App() {
  const route = useHashRoute();
  useRefreshOnBlock();
  return (
    <AppShell route={route}>
      <Suspense
        fallback={
          <div className="state" aria-busy="true">
            Loading…
          </div>
        }
      >
        {route.page === "home" ? <HomePage /> : null}
        {route.page === "watch" ? <WatchPage streamId={route.streamId} /> : null}
        {route.page === "streamer" ? <StreamerPage /> : null}
        {route.page === "operator" ? <OperatorPage /> : null}
        {route.page === "leaderboard" ? <LeaderboardPage /> : null}
        {route.page === "explore" ? <ExplorePage /> : null}
        {route.page === "notFound" ? <NotFoundPage path={route.path} /> : null}
      </Suspense>
    </AppShell>
  );
}
