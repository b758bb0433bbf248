import { useSyncExternalStore } from "react";
import { matchRoute, type Route } from "../lib/route.ts";

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const getHash = () => window.location.hash;

/** The current page, following the location hash (no router dependency). */
export function useHashRoute(): Route {
  return matchRoute(useSyncExternalStore(subscribe, getHash, () => ""));
}
