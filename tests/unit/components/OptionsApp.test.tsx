import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/OptionsApp';
import { SETTINGS_KEY } from '@/lib/settings';
import { CORRECTIONS_KEY } from '@/lib/corrections';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  fakeBrowser.runtime.onMessage.addListener(((msg: { type: string }) =>
    Promise.resolve({
      ok: true,
      value: msg.type === 'status' ? { entries: 1, sources: 1 } : [],
    })) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
async function mount() {
  await act(() => render(<OptionsApp />, root));
  for (let i = 0; i < 5 && !root.querySelector('#sites'); i++) await settle();
}
const stored = async () =>
  (await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY] as Record<string, unknown>;

async function type(input: HTMLInputElement, value: string) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('OptionsApp', () => {
  it('has sites, the sources panel in its slot, display and corrections', async () => {
    await mount();
    expect(root.querySelector('section#sites')).toBeTruthy();
    // The sources panel lives in the #sources slot.
    expect(root.querySelector('#sources .mq-sources-panel h2')?.textContent).toBe('Index sources');
    expect(root.querySelector('section#display')).toBeTruthy();
    for (let i = 0; i < 5 && !root.querySelector('#corrections p'); i++) await settle();
    expect(root.querySelector('section#corrections')?.textContent).toContain('No corrections yet');
    expect(root.querySelector('input[data-site="*"]')).toBeTruthy();
  });

  it('adds a custom site from a pasted URL, rejects nonsense, and removes it', async () => {
    await mount();
    const input = root.querySelector<HTMLInputElement>('#mq-add-site-input')!;
    const form = root.querySelector('form.mq-add-site')!;
    await type(input, 'not a site');
    await act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("“not a site” isn't a site name");
    await type(input, 'https://www.Films.example.org/reviews');
    await act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
    expect((await stored()).sites).toEqual({ 'films.example.org': true });
    expect(root.querySelector('input[data-site="films.example.org"]')).toBeTruthy();
    await act(() => root.querySelector<HTMLButtonElement>('[data-remove-site="films.example.org"]')!.click());
    await settle();
    expect((await stored()).sites).toEqual({});
    expect(root.querySelector('input[data-site="films.example.org"]')).toBeNull();
  });

  it('saves display preferences', async () => {
    await mount();
    await act(() => root.querySelector<HTMLInputElement>('input[name="ratingScale"][value="ten"]')!.click());
    await settle();
    expect((await stored()).ratingScale).toBe('ten');
    // The preview follows the preference.
    expect(root.querySelector('.mq-preview .mq-stars-number')?.textContent).toBe('7/10');
    await act(() =>
      root.querySelector<HTMLInputElement>('input[name="markStyle"][value="underline"]')!.click(),
    );
    await settle();
    expect((await stored()).markStyle).toBe('underline');
    const spoiler = [...root.querySelectorAll<HTMLInputElement>('input[role="switch"]')].find((i) =>
      i.closest('label')?.textContent?.includes('Spoiler-safe'),
    )!;
    await act(() => spoiler.click());
    await settle();
    expect((await stored()).spoilerSafe).toBe(true);
  });

  it('the sliders store their value, show it, and the confidence slider names its hint', async () => {
    await mount();
    const slide = async (id: string, value: string) => {
      const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      await act(() => {
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await settle();
    };
    await slide('mq-hover-delay', '650');
    expect((await stored()).hoverDelay).toBe(650);
    expect(root.querySelector('output[for="mq-hover-delay"]')?.textContent).toBe('650 ms');
    await slide('mq-min-confidence', '0.85');
    expect((await stored()).minConfidence).toBe(0.85);
    expect(root.querySelector('output[for="mq-min-confidence"]')?.textContent).toBe('85%');
    const hintId = root.querySelector('#mq-min-confidence')!.getAttribute('aria-describedby')!;
    expect(root.querySelector(`#${hintId}`)?.textContent).toMatch(/\w/);
    expect(root.querySelector('#mq-hover-delay')!.hasAttribute('aria-describedby')).toBe(false);
  });

  it('a corrupt setting falls back to its default with a notice, never a blank page', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { hoverDelay: 'soon', markStyle: 'sparkles' } });
    await mount();
    expect(root.querySelector('.mq-notice')?.textContent).toContain('hoverDelay, markStyle');
    expect(root.querySelector('output[for="mq-hover-delay"]')?.textContent).toBe('300 ms');
    expect(root.querySelector<HTMLInputElement>('input[name="markStyle"][value="badge"]')!.checked).toBe(
      true,
    );
  });

  it('lists corrections with undo', async () => {
    await fakeBrowser.storage.local.set({
      [CORRECTIONS_KEY]: { items: [{ kind: 'never', host: 'x.com', phrase: 'up', at: 1 }] },
    });
    await mount();
    for (let i = 0; i < 5 && !root.querySelector('.mq-corrections'); i++) await settle();
    expect(root.querySelector('.mq-corrections')?.textContent).toContain('Never on x.com');
    await act(() =>
      [...root.querySelectorAll<HTMLButtonElement>('.mq-corrections button')]
        .find((b) => b.textContent === 'Undo')!
        .click(),
    );
    await settle();
    expect((await fakeBrowser.storage.local.get(CORRECTIONS_KEY))[CORRECTIONS_KEY]).toEqual({ items: [] });
  });
});
