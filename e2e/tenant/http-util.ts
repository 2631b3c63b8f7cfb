import type { IncomingMessage, ServerResponse } from "node:http";
import { constants as http2Constants, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";

/** A request or response over HTTP/1.1, or over HTTP/2 when the emulator serves TLS (see server.ts). */
export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

export const maxBodyBytes = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: AnyRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBodyBytes) throw new BodyTooLargeError("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Lower-cased single-valued view of the request headers. */
export function headerMap(req: AnyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (:method, :path, …) are not request headers.
    if (value === undefined || key.startsWith(":")) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export const allowedRequestHeaders = [
  "Authorization",
  "Content-Type",
  "ConsistencyLevel",
  "client-request-id",
  "return-client-request-id",
  "x-client-SKU",
  "x-client-VER",
  "x-client-OS",
  "x-client-CPU",
  "x-ms-client-request-id",
  "x-anchormailbox",
  "Prefer",
  "If-Match",
  "Accept",
  "Accept-Language",
  "SdkVersion",
  "Cache-Control",
];

/** CORS as Graph/Entra answer it: origin reflected, Retry-After deliberately not exposed unless asked. */
export function corsHeaders(origin: string | undefined, exposeRetryAfter: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    Vary: "Origin",
    "Access-Control-Expose-Headers": exposeRetryAfter ? "request-id, client-request-id, Retry-After" : "request-id, client-request-id",
  };
  if (origin) headers["Access-Control-Allow-Origin"] = origin;
  return headers;
}

export function preflightHeaders(origin: string | undefined, requestedHeaders: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    Vary: "Origin, Access-Control-Request-Headers",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers":
      requestedHeaders && requestedHeaders.trim() !== "" ? requestedHeaders : allowedRequestHeaders.join(", "),
    "Access-Control-Max-Age": "600",
  };
  if (origin) headers["Access-Control-Allow-Origin"] = origin;
  return headers;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

export function htmlReply(status: number, html: string, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { "Content-Type": "text/html; charset=utf-8", ...headers }, body: html };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function writeReply(res: AnyResponse, reply: HttpReply, extraHeaders: Record<string, string>): void {
  if (reply.drop) {
    // Over HTTP/2 only this request's stream is reset: the connection carries others.
    if ("stream" in res) res.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
    else res.socket?.destroy();
    return;
  }
  const headers = { ...extraHeaders, ...reply.headers };
  if ("stream" in res) {
    // Connection-specific headers are forbidden in HTTP/2.
    delete headers.Connection;
    res.writeHead(reply.status, headers);
    res.end(reply.body ?? "");
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? "");
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

export const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
