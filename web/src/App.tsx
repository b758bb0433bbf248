import { AppShell } from "./components/AppShell.tsx";
import { useHashRoute } from "./hooks/useHashRoute.ts";
import { useRefreshOnBlock } from "./hooks/useRefreshOnBlock.ts";
import { ExplorePage } from "./pages/ExplorePage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { LeaderboardPage } from "./pages/LeaderboardPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { OperatorPage } from "./pages/OperatorPage.tsx";
import { StreamerPage } from "./pages/StreamerPage.tsx";
import { WatchPage } from "./pages/WatchPage.tsx";

export function App() {
  const route = useHashRoute();
  useRefreshOnBlock();
  return (
    <AppShell route={route}>
      {route.page === "home" ? <HomePage /> : null}
      {route.page === "watch" ? <WatchPage streamId={route.streamId} /> : null}
      {route.page === "streamer" ? <StreamerPage /> : null}
      {route.page === "operator" ? <OperatorPage /> : null}
      {route.page === "leaderboard" ? <LeaderboardPage /> : null}
      {route.page === "explore" ? <ExplorePage /> : null}
      {route.page === "notFound" ? <NotFoundPage path={route.path} /> : null}
    </AppShell>
  );
}
