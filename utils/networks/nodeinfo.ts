import { requestJson } from './http';

/**
 * The software a server runs, from NodeInfo (https://nodeinfo.diaspora.software/protocol): only
 * shown to people, so any failure simply means "unknown".
 */
export async function readSoftware(origin: string): Promise<{ name: string; version: string } | undefined> {
  try {
    const { data: index } = await requestJson<{ links?: { rel?: string; href?: string }[] }>(`${origin}/.well-known/nodeinfo`, {
      timeoutMs: 5_000,
      followRedirects: true,
    });
    const link = index.links?.find((entry) => entry.rel?.includes('nodeinfo.diaspora.software/ns/schema/2'));
    // Only from the same server: host access was granted for it and nothing else.
    if (!link?.href || new URL(link.href, origin).origin !== origin) return undefined;
    const { data } = await requestJson<{ software?: { name?: string; version?: string } }>(new URL(link.href, origin).href, {
      timeoutMs: 5_000,
      followRedirects: true,
    });
    return data.software?.name ? { name: data.software.name, version: data.software.version ?? '' } : undefined;
  } catch {
    return undefined;
  }
}
