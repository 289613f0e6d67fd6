import { browser } from 'wxt/browser';
import type { Envelope, MessageType, Protocol, Response } from './protocol';

export async function send<K extends MessageType>(type: K, req: Protocol[K]['req']): Promise<Response<K>> {
  const envelope = (await browser.runtime.sendMessage({ type, ...req })) as Envelope<Response<K>> | undefined;
  if (!envelope) throw new Error(`no answer to "${type}" from the background`);
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}
