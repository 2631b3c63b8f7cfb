import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, createHash } from "node:crypto";
import type { KeyObject } from "node:crypto";

/**
 * RS256 signing with one key pair per process: every emulator instance in a process (tests start
 * several) shares it, so a token from one in-process server verifies on another just as Entra
 * tokens verify across Graph front ends.
 */
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey: KeyObject = createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" }));
const verifyKey: KeyObject = createPublicKey(publicKey.export({ format: "pem", type: "spki" }));
const keyId = createHash("sha256")
  .update(verifyKey.export({ format: "der", type: "spki" }))
  .digest("base64url")
  .slice(0, 27);

export type JwtClaims = Record<string, unknown>;

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function signJwt(claims: JwtClaims): string {
  const header = { typ: "JWT", alg: "RS256", kid: keyId, x5t: keyId };
  const input = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  const signature = sign("sha256", Buffer.from(input), signingKey).toString("base64url");
  return `${input}.${signature}`;
}

export type JwtVerifyResult = { ok: true; claims: JwtClaims } | { ok: false; reason: "malformed" | "signature" };

const compactJwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): JwtClaims | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as JwtClaims) : null;
  } catch {
    return null;
  }
}

/** Claims without checking the signature: only to attribute a bad request to a tenant's log. */
export function peekClaims(token: string): JwtClaims | null {
  const parts = token.split(".");
  return parts.length === 3 && parts[1] !== undefined ? decodeSegment(parts[1]) : null;
}

export function verifyJwt(token: string): JwtVerifyResult {
  if (!compactJwt.test(token)) return { ok: false, reason: "malformed" };
  const [head, body, signature] = token.split(".") as [string, string, string];
  const header = decodeSegment(head);
  const claims = decodeSegment(body);
  if (header === null || claims === null) return { ok: false, reason: "malformed" };
  if (header.alg !== "RS256" || signature === "") return { ok: false, reason: "signature" };
  const valid = verify("sha256", Buffer.from(`${head}.${body}`), verifyKey, Buffer.from(signature, "base64url"));
  return valid ? { ok: true, claims } : { ok: false, reason: "signature" };
}

export function jwks(): { keys: Record<string, unknown>[] } {
  const jwk = verifyKey.export({ format: "jwk" });
  return { keys: [{ kty: "RSA", use: "sig", kid: keyId, x5t: keyId, alg: "RS256", n: jwk.n, e: jwk.e }] };
}

export function newOpaqueToken(prefix: string): string {
  return `${prefix}.${Buffer.from(randomUUID() + randomUUID()).toString("base64url")}`;
}
