import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { createCardHost } from '../../../lib/content/card-host';

describe('createCardHost', () => {
  it('puts one host at the end of <html>, with the reset and the card css in its shadow root', () => {
    const doc = new Window().document as unknown as Document;
    const p = doc.createElement('p');
    p.textContent = 'page';
    doc.body.append(p);
    const ui = createCardHost(doc, 'marquee-ui', '.card{color:red}');
    expect(doc.documentElement.lastElementChild).toBe(ui.host);
    expect(ui.host.localName).toBe('marquee-ui');
    expect(ui.host.shadowRoot).toBe(ui.shadow);
    const style = ui.shadow.querySelector('head > style');
    expect(style?.textContent).toContain(':host{all:initial !important;}');
    expect(style?.textContent).toContain('.card{color:red}');
    expect(ui.container.localName).toBe('body');
    expect(ui.container.parentElement?.localName).toBe('html');
    // The page's own content is untouched.
    expect([...doc.body.childNodes]).toEqual([p]);
    expect(p.textContent).toBe('page');
  });

  it('remove() takes the host and the card off the page', () => {
    const doc = new Window().document as unknown as Document;
    const ui = createCardHost(doc, 'marquee-ui', '');
    ui.container.append(doc.createElement('div'));
    ui.remove();
    expect(doc.querySelector('marquee-ui')).toBeNull();
    expect(ui.container.childElementCount).toBe(0);
  });
});
