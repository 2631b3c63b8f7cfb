/** Acting on the emulated tenant as another admin would in Entra, with the page's own Graph token. */
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

export interface CaughtGraph {
  authorization: string;
  base: string;
}

/** The Graph token the page uses, caught from its own requests. */
export function catchGraphToken(page: Page): () => CaughtGraph | null {
  let caught: CaughtGraph | null = null;
  page.on("request", (request) => {
    const url = new URL(request.url());
    const authorization = request.headers()["authorization"];
    const at = url.pathname.indexOf("/v1.0/");
    if (authorization?.startsWith("Bearer ") && at !== -1) caught = { authorization, base: url.origin + url.pathname.slice(0, at + 5) };
  });
  return () => caught;
}

/** Issues a new pass to a user through the emulator's Graph, as another admin in Entra would: it replaces ours. */
export async function replacePass(graph: CaughtGraph, userId: string): Promise<string> {
  const response = await fetch(`${graph.base}/users/${userId}/authentication/temporaryAccessPassMethods`, {
    method: "POST",
    headers: { Authorization: graph.authorization, "Content-Type": "application/json" },
    body: JSON.stringify({ lifetimeInMinutes: 60 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}
