/**
 * Messages the options page sends. A subscription's host permission is requested by the options
 * page in the user's click before addSource or followSource: the background can't show the prompt.
 */
import type { HandlerMap } from './types';

export const optionsHandlers = {
  status: (_, { service }) => service.status(),
  listSources: (_, { service }) => service.listSources(),
  addSource: ({ url, name }, { service }) => service.addSource({ url, name }),
  followSource: ({ input, name }, { service }) => service.followSource({ input, name }),
  refreshSource: async ({ id }, { service }) => (await service.refreshSource(id)).source,
  removeSource: ({ id }, { service }) => service.removeSource(id),
} satisfies HandlerMap;
