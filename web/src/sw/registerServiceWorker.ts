/**
 * Registers /sw.js (production builds only: in `vite dev` a cached shell would hide edits).
 * Returns the registration, or undefined where service workers are unavailable (plain http
 * on a non-loopback host, old browsers).
 */
export async function registerServiceWorker(
  container: ServiceWorkerContainer | undefined,
): Promise<ServiceWorkerRegistration | undefined> {
  if (!container) return undefined;
  return container.register("/sw.js", { scope: "/" });
}
