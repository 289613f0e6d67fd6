/**
 * First run: on install (not on an update or a browser update) the welcome page opens in a tab,
 * saying what Marquee does, showing a marked demo paragraph and the ways to fill the index.
 * tabs.create needs no permission.
 */
export const WELCOME_PAGE = '/welcome.html';

export interface FirstRunDeps {
  createTab: (url: string) => Promise<unknown>;
  getURL: (path: string) => string;
}

/** runtime.onInstalled: `reason` is "install", "update", "chrome_update" or "shared_module_update". */
export async function onInstalled(details: { reason: string }, deps: FirstRunDeps): Promise<boolean> {
  if (details.reason !== 'install') return false;
  await deps.createTab(deps.getURL(WELCOME_PAGE));
  return true;
}
