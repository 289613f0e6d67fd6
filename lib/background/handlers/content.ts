/** Messages a content script sends: one per page scan or per user gesture, never per DOM node. */
import { parseStoredChange } from '../../storage-items';
import type { HandlerMap } from './types';

export const contentHandlers = {
  engine: (_, { service }) => service.engineTicket(),
  pageStart: (req, from) => from.service.pageStart(from, req),
  parseStored: async (raw) => parseStoredChange(raw),
  saveCorrection: ({ correction }, { service }) => service.saveCorrection(correction),
  getEntries: ({ refs }, { service }) => service.filmViews(refs),
  lookup: ({ title, year }, { service }) => service.lookup(title, year),
  reportFound: (report, from) => from.service.reportFound(from, report),
  hovered: ({ ref }, from) => from.service.hovered(from, ref),
  openReview: ({ ref }, from) => from.service.openReview(from, ref),
} satisfies HandlerMap;
