import type { DirectoryUserRecord } from "./directory-seed.ts";

/**
 * Gaps a real directory has in its manager chain, applied after seeding without drawing from the seed's
 * PRNG (so every other seeded value stays as it was): about 8 % of people whose manager is not a persona
 * have none (the hand-off lists them for manual handling), and some managers have no mailbox (`mail`
 * null: nothing can be e-mailed to them). Persona-led teams are left alone, so `/me/people` ranks as before.
 */
export function applyManagerGaps(users: DirectoryUserRecord[], personaIds: ReadonlySet<string>): void {
  const byId = new Map(users.map((user) => [user.id, user]));
  const heads: DirectoryUserRecord[] = [];
  for (const user of users) {
    const head = user.managerId === null ? undefined : byId.get(user.managerId);
    if (head && !personaIds.has(head.id) && !heads.includes(head)) heads.push(head);
  }
  // Every third manager not a persona has no mailbox, starting with the second (at least one at any size).
  heads.forEach((head, index) => {
    if (index % 3 === 1) head.mail = null;
  });
  for (const user of users) {
    if (user.managerId === null || personaIds.has(user.managerId)) continue;
    // The id's first byte decides, so the same seed always leaves the same people without a manager.
    if (Number.parseInt(user.id.slice(0, 2), 16) < 20) user.managerId = null;
  }
}
