// Placeholder until the results vault lands: wipes every in-memory pass value.
export function clearSecrets(): void {}
