import { browser } from 'wxt/browser';
import { originPattern } from '@/lib/sources/fetch';
import { needsPermissionRequest } from '@/lib/sources/permissions';

/** browser.permissions.request, or `true` where the origin is already granted / the API is absent. */
export function requestOrigin(origin: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [origin] }).catch(async () => {
      // Some browsers refuse to prompt for an origin they already grant; ask whether we have it.
      return browser.permissions.contains({ origins: [origin] }).catch(() => false);
    });
  } catch {
    return Promise.resolve(false);
  }
}

/**
 * Whether Marquee may read `url`, asked in the user's click (call it before any await: the
 * permission prompt needs the gesture). Hosts the manifest already covers need no prompt
 * (lib/sources/permissions.ts).
 */
export function grantFor(url: URL, request: (origin: string) => Promise<boolean> = requestOrigin) {
  return needsPermissionRequest(url, browser.runtime.getManifest())
    ? request(originPattern(url))
    : Promise.resolve(true);
}
