/**
 * The app's service worker (built to /sw.js by vite.config.ts's `serviceWorker()` plugin,
 * which writes the build's file list into `__PRECACHE__` and its hash into `__VERSION__`).
 * It precaches the app shell so the installed app opens offline, and leaves the live stream
 * and every API answer to the network (swRoute.ts).
 */
import { swRoute } from "./swRoute.ts";

/** The parts of ServiceWorkerGlobalScope used here (the app's program has the DOM lib, not WebWorker's). */
interface SwEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SwScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: SwEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: SwFetchEvent) => void): void;
}
declare const self: SwScope;
declare const __PRECACHE__: readonly string[];
declare const __VERSION__: string;

const CACHE = `streamrp2p-shell-${__VERSION__}`;
const PRECACHED = new Set(__PRECACHE__);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...PRECACHED]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function fromNetworkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match("/");
    if (shell) return shell;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const route = swRoute(event.request, self.location.origin, PRECACHED);
  if (route === "network") return;
  event.respondWith(
    route === "shell" ? fromNetworkFirst(event.request) : fromCacheFirst(event.request),
  );
});
