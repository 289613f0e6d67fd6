/** Messages the toolbar popup sends (also when it is opened as a tab by "Full review"). */
import type { HandlerMap } from './types';

export const popupHandlers = {
  getTabState: ({ tabId }, { service }) => service.tabView(tabId),
  getEntries: ({ refs }, { service }) => service.filmViews(refs),
  otherRatings: ({ ref }, { service }) => service.otherRatings(ref),
  search: ({ query, limit }, { service }) => service.search(query, limit),
  status: (_, { service }) => service.status(),
  savePageReview: ({ url, html }, { service }) => service.savePageReview({ url, html }),
} satisfies HandlerMap;
