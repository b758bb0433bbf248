/**
 * nginx (Debian nginx-light) as a child process serving a directory, as the reference static
 * file server: our own nginx.conf in a temporary directory (daemon off, worker_processes auto or N,
 * sendfile, keep-alive, no access log), listening on a free loopback port.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, spawnService, waitForHttp } from "../../lib/service.ts";

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

export function nginxConf(options: {
  dir: string;
  root: string;
  port: number;
  workers: number | "auto";
}): string {
  const { dir, root, port, workers } = options;
  return `daemon off;
worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`;
}

/** Starts nginx serving `root`; `stop()` ends it and removes its temporary directory. */
export async function startNginx(
  root: string,
  options: { workers?: number | "auto"; binary?: string } = {},
): Promise<RunningNginx> {
  const dir = await mkdtemp(path.join(tmpdir(), "streamrp2p-nginx-"));
  await mkdir(path.join(dir, "logs"));
  const port = await freePort();
  const conf = path.join(dir, "nginx.conf");
  await writeFile(conf, nginxConf({ dir, root, port, workers: options.workers ?? "auto" }));
  const service = spawnService("nginx", options.binary ?? "/usr/sbin/nginx", [
    "-p",
    dir,
    "-c",
    conf,
    "-e",
    `${dir}/error.log`,
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, { service, timeoutMs: 10_000, intervalMs: 50 });
  return {
    url,
    async stop() {
      await service.stop("SIGQUIT");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
