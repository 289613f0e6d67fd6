/**
 * Routes a message to its handler by type and caller (./handlers). A content script may send only
 * the content messages: it runs beside a page that may be hostile, and Chrome asks extensions to
 * treat its messages as possibly forged
 * (https://developer.chrome.com/docs/extensions/develop/security-privacy/stay-secure#content_scripts).
 * The popup and options pages may send any message: they can open the store and storage
 * themselves, so holding one of them to its own list would guard nothing (the benchmarks, for
 * one, time content messages from the options page).
 */
import type { Envelope, MessageType, Request, Response } from '../messaging/protocol';
import type { BackgroundService, Sender } from './service';
import { contentHandlers } from './handlers/content';
import { popupHandlers } from './handlers/popup';
import { optionsHandlers } from './handlers/options';
import { welcomeHandlers } from './handlers/welcome';
import type { Caller, HandlerMap } from './handlers/types';

export type { Caller } from './handlers/types';

/** A message's sender as the dispatcher needs it: who, and from which tab and frame. */
export interface From extends Sender {
  caller: Caller;
}

const byCaller: Record<Caller, HandlerMap> = {
  content: contentHandlers,
  popup: { ...contentHandlers, ...optionsHandlers, ...popupHandlers },
  options: { ...contentHandlers, ...popupHandlers, ...optionsHandlers },
  welcome: { ...contentHandlers, ...optionsHandlers, ...popupHandlers, ...welcomeHandlers },
};

/** Every message of the Protocol must have a handler in some caller's map: this fails to compile if not. */
type Unhandled = Exclude<
  MessageType,
  | keyof typeof contentHandlers
  | keyof typeof popupHandlers
  | keyof typeof optionsHandlers
  | keyof typeof welcomeHandlers
>;
const _everyMessageHandled: [Unhandled] extends [never] ? true : Unhandled = true;

/** Answers one typed request from `from.caller`, or rejects with why it can't. */
export function handle<K extends MessageType>(
  service: BackgroundService,
  request: Request<K>,
  from: From,
): Promise<Response<K>> {
  const handler = byCaller[from.caller][request.type];
  if (handler) return handler(request, { ...from, service });
  const known = Object.values(byCaller).some((map) => Object.hasOwn(map, request.type));
  return Promise.reject(
    new Error(
      known
        ? `"${request.type}" is not a message a ${from.caller} script may send`
        : `unknown message type "${String(request.type)}"`,
    ),
  );
}

/**
 * Which of the extension's contexts sent a message, from the sender's URL: an extension page is
 * known by its path (the popup opened as a tab included), anything else is a content script.
 * An extension page that is neither is not answered.
 */
export function callerOf(url: string | undefined, extensionBase: string): Caller | undefined {
  if (!url?.startsWith(extensionBase)) return 'content';
  const path = new URL(url).pathname;
  if (path === '/popup.html') return 'popup';
  if (path === '/options.html') return 'options';
  if (path === '/welcome.html') return 'welcome';
  return undefined;
}

export interface MessageSender {
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * runtime.onMessage: a message is an object with a string `type` (anything else is left to other
 * listeners); the answer is an Envelope, so errors cross as data.
 */
export function receive(
  service: BackgroundService,
  message: unknown,
  sender: MessageSender,
  extensionBase: string,
): Promise<Envelope<unknown>> | undefined {
  if (typeof message !== 'object' || message === null || !('type' in message)) return undefined;
  if (typeof message.type !== 'string') return undefined;
  const caller = callerOf(sender.url, extensionBase);
  const answer = caller
    ? // The fields beyond `type` are the sender's word, as they always were: only this extension's
      // own scripts reach runtime.onMessage, and the handlers that take page-derived data
      // (reportFound's why, search's query and limit) check it themselves.
      handle(service, message as Request, { caller, tabId: sender.tab?.id, frameId: sender.frameId })
    : Promise.reject(new Error(`messages from ${sender.url} are not answered`));
  return answer.then(
    (value): Envelope<unknown> => ({ ok: true, value }),
    (error: unknown): Envelope<unknown> => ({ ok: false, error: messageOf(error) }),
  );
}

/** An error's message; not `instanceof Error`, which fails for errors made in another realm. */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return String(error);
}
