export interface HeaderConfig {
  authority: string;
  graphBaseUrl: string;
  authorityMetadata: Record<string, string> | null;
}
export function allowedOrigins(config: HeaderConfig): { auth: string[]; graph: string };
export function contentSecurityPolicy(config: HeaderConfig): string;
export function securityHeaders(config: HeaderConfig): Record<string, string>;
export function redirectBridgeHeaders(config: HeaderConfig): Record<string, string>;
export function staticWebAppConfig(config: HeaderConfig): unknown;
export function nginxSnippet(config: HeaderConfig): string;
export function writeSamples(config: HeaderConfig, folder: string): void;
