/**
 * Does subscribing to an origin need a permission prompt? In Chrome (MV3) the content script's
 * match patterns (http://*, https://*) are granted at install and also let the extension's own
 * pages and worker fetch from those hosts — verified in Chromium: the worker reads an index on
 * 127.0.0.1 with no further grant, while permissions.contains() still answers false and a
 * permissions.request() would show a prompt for nothing. So the prompt is only shown where the
 * manifest doesn't already cover the host (Firefox MV2: content-script matches grant no fetch
 * access from the background; any future narrowing of the content script's matches).
 * Synchronous on purpose: permissions.request must run in the click's own task.
 */
export interface ManifestLike {
  manifest_version: number;
  content_scripts?: { matches?: string[] }[];
  host_permissions?: string[];
}

function matchesPattern(pattern: string, url: URL): boolean {
  if (pattern === '<all_urls>') return url.protocol === 'http:' || url.protocol === 'https:';
  const m = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
  if (!m) return false;
  const [, scheme, host] = m as unknown as [string, string, string];
  const schemeOk = scheme === '*' ? /^https?:$/.test(url.protocol) : url.protocol === `${scheme}:`;
  if (!schemeOk) return false;
  const hostname = host.replace(/:\d+$/, '');
  if (hostname === '*') return true;
  if (hostname.startsWith('*.')) {
    const base = hostname.slice(2);
    return url.hostname === base || url.hostname.endsWith(`.${base}`);
  }
  return url.hostname === hostname;
}

export function needsPermissionRequest(url: URL, manifest: ManifestLike): boolean {
  if (manifest.manifest_version < 3) return true;
  const covering = [
    ...(manifest.host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []),
  ];
  return !covering.some((p) => matchesPattern(p, url));
}
