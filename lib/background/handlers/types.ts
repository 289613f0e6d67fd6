import type { MessageType, Protocol, Response } from '../../messaging/protocol';
import type { BackgroundService, Sender } from '../service';

/** Who sent a message: a content script (beside an untrusted page) or one of the extension's pages. */
export type Caller = 'content' | 'popup' | 'options' | 'welcome';

/** What a handler gets besides the request: the service, and the tab and frame it came from. */
export interface Context extends Sender {
  service: BackgroundService;
  caller: Caller;
}

/** One message's handler: the compiler holds its request and answer to the Protocol entry. */
export type Handler<K extends MessageType> = (req: Protocol[K]['req'], from: Context) => Promise<Response<K>>;

/** Handlers by message type; a caller's map (`satisfies HandlerMap`) lists the messages it sends. */
export type HandlerMap = { readonly [K in MessageType]?: Handler<K> };
