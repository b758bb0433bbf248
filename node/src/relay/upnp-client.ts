/**
 * A minimal UPnP IGD client: SSDP discovery of the home router, then the SOAP actions of its
 * WANIPConnection (or WANPPPConnection) service a relay needs: GetExternalIPAddress,
 * AddPortMapping and DeletePortMapping. Everything the router sends is bounded (answer sizes,
 * a timeout per exchange) and read with plain patterns over the bounded text, never evaluated.
 */
import { createSocket } from "node:dgram";
import { isIPv4 } from "node:net";

const SSDP_ADDRESS = "239.255.255.250";
const SSDP_PORT = 1900;
const SEARCH_TARGETS = [
  "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
  "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
  "urn:schemas-upnp-org:service:WANIPConnection:1",
];
const SERVICE_TYPES = [
  "urn:schemas-upnp-org:service:WANIPConnection:2",
  "urn:schemas-upnp-org:service:WANIPConnection:1",
  "urn:schemas-upnp-org:service:WANPPPConnection:1",
];
/** Largest device description and SOAP answer read; more is refused. */
const MAX_DESCRIPTION_BYTES = 64 * 1024;
const MAX_SOAP_BYTES = 16 * 1024;
/** SSDP answers looked at before giving up on them. */
const MAX_SSDP_ANSWERS = 16;

export type UpnpErrorCode = "no-gateway" | "bad-answer" | "soap-fault" | "timeout";

export class UpnpError extends Error {
  override readonly name = "UpnpError";
  readonly code: UpnpErrorCode;
  /** The UPnP errorCode of a SOAP fault (718: the mapping conflicts, 725: only permanent leases). */
  readonly upnpCode: number | undefined;
  constructor(code: UpnpErrorCode, message: string, upnpCode?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.upnpCode = upnpCode;
  }
}

export interface Gateway {
  /** The IGD's WAN connection control URL. */
  controlUrl: string;
  serviceType: string;
  /** This machine's address on the gateway's network (the mapping's internal client). */
  localAddress: string;
}

export interface PortMapping {
  externalPort: number;
  internalPort: number;
  internalClient: string;
  description: string;
  /** 0: permanent (until deleted). */
  leaseSeconds: number;
}

/** Reads at most `max` bytes of a response body, or throws. */
async function boundedText(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > max) {
    await response.body?.cancel();
    throw new UpnpError("bad-answer", `answer of ${declared} bytes exceeds ${max}`);
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new UpnpError("bad-answer", `answer exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of the first `<tag>` element (any namespace prefix), or undefined. */
function element(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<(?:[A-Za-z0-9_-]+:)?${tag}(?:\\s[^>]{0,200})?>([^<]{0,2048})<`).exec(
    xml,
  );
  return match?.[1]?.trim();
}

function xmlEscape(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );
}

/** Sends SSDP M-SEARCHes and resolves with the first LOCATION an answer names. */
function searchLocation(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: "udp4" });
    let answers = 0;
    const finish = (error: Error | undefined, location?: string) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(location!);
    };
    const timer = setTimeout(
      () => finish(new UpnpError("no-gateway", `no UPnP gateway answered within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on("error", (error) =>
      finish(
        new UpnpError("no-gateway", `SSDP search failed: ${error.message}`, undefined, {
          cause: error,
        }),
      ),
    );
    socket.on("message", (message) => {
      if (++answers > MAX_SSDP_ANSWERS || message.byteLength > 4096) return;
      const location = /^location:\s*(\S{1,500})\s*$/im.exec(message.toString("latin1"))?.[1];
      if (!location) return;
      try {
        const url = new URL(location);
        if (url.protocol === "http:") finish(undefined, url.toString());
      } catch {
        // not a URL: wait for another answer
      }
    });
    socket.bind(0, () => {
      for (const target of SEARCH_TARGETS) {
        const search = [
          "M-SEARCH * HTTP/1.1",
          `HOST: ${SSDP_ADDRESS}:${SSDP_PORT}`,
          'MAN: "ssdp:discover"',
          "MX: 2",
          `ST: ${target}`,
          "",
          "",
        ].join("\r\n");
        socket.send(search, SSDP_PORT, SSDP_ADDRESS);
      }
    });
  });
}

/** This machine's address on the route to `host` (no packet is sent). */
function localAddressTowards(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: "udp4" });
    socket.on("error", (error) => {
      socket.close();
      reject(
        new UpnpError("no-gateway", `no route to the gateway ${host}`, undefined, { cause: error }),
      );
    });
    socket.connect(port, host, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
}

/** Finds the router's IGD and its WAN connection service. */
export async function discoverGateway({ timeoutMs }: { timeoutMs: number }): Promise<Gateway> {
  const location = await searchLocation(timeoutMs);
  let description: string;
  try {
    const response = await fetch(location, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    if (!response.ok) throw new UpnpError("bad-answer", `description: HTTP ${response.status}`);
    description = await boundedText(response, MAX_DESCRIPTION_BYTES);
  } catch (error) {
    if (error instanceof UpnpError) throw error;
    throw new UpnpError("timeout", `cannot read the gateway description ${location}`, undefined, {
      cause: error,
    });
  }
  const base = element(description, "URLBase") || location;
  for (const block of description.match(/<service>[\s\S]{0,4096}?<\/service>/g) ?? []) {
    const serviceType = element(block, "serviceType");
    const control = element(block, "controlURL");
    if (!serviceType || !control || !SERVICE_TYPES.includes(serviceType)) continue;
    const controlUrl = new URL(control, base);
    if (controlUrl.protocol !== "http:") continue;
    const localAddress = await localAddressTowards(
      controlUrl.hostname,
      Number(controlUrl.port || 80),
    );
    return { controlUrl: controlUrl.toString(), serviceType, localAddress };
  }
  throw new UpnpError("bad-answer", "the gateway offers no WAN IP or PPP connection service");
}

async function soap(
  gateway: Gateway,
  action: string,
  args: Record<string, string | number>,
  timeoutMs: number,
): Promise<string> {
  const body = Object.entries(args)
    .map(([name, value]) => `<${name}>${xmlEscape(String(value))}</${name}>`)
    .join("");
  const envelope = `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:${action} xmlns:u="${gateway.serviceType}">${body}</u:${action}></s:Body></s:Envelope>`;
  let response: Response;
  try {
    response = await fetch(gateway.controlUrl, {
      method: "POST",
      headers: {
        "content-type": 'text/xml; charset="utf-8"',
        soapaction: `"${gateway.serviceType}#${action}"`,
      },
      body: envelope,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    throw new UpnpError("timeout", `${action}: the gateway did not answer`, undefined, {
      cause: error,
    });
  }
  const text = await boundedText(response, MAX_SOAP_BYTES);
  if (!response.ok) {
    const code = Number(element(text, "errorCode"));
    const why = element(text, "errorDescription") ?? `HTTP ${response.status}`;
    throw new UpnpError(
      "soap-fault",
      `${action} refused: ${why.slice(0, 200)}`,
      Number.isInteger(code) ? code : undefined,
    );
  }
  return text;
}

export async function getExternalAddress(gateway: Gateway, timeoutMs: number): Promise<string> {
  const answer = await soap(gateway, "GetExternalIPAddress", {}, timeoutMs);
  const address = element(answer, "NewExternalIPAddress");
  if (!address || !isIPv4(address))
    throw new UpnpError("bad-answer", "the gateway named no external IPv4 address");
  return address;
}

export async function addPortMapping(
  gateway: Gateway,
  mapping: PortMapping,
  timeoutMs: number,
): Promise<void> {
  await soap(
    gateway,
    "AddPortMapping",
    {
      NewRemoteHost: "",
      NewExternalPort: mapping.externalPort,
      NewProtocol: "TCP",
      NewInternalPort: mapping.internalPort,
      NewInternalClient: mapping.internalClient,
      NewEnabled: 1,
      NewPortMappingDescription: mapping.description.slice(0, 64),
      NewLeaseDuration: mapping.leaseSeconds,
    },
    timeoutMs,
  );
}

export async function deletePortMapping(
  gateway: Gateway,
  externalPort: number,
  timeoutMs: number,
): Promise<void> {
  await soap(
    gateway,
    "DeletePortMapping",
    { NewRemoteHost: "", NewExternalPort: externalPort, NewProtocol: "TCP" },
    timeoutMs,
  );
}
