/**
 * Bring the section the address's #fragment names into view and put the focus on its first
 * control: the options page renders after its settings load, so the browser's own jump to the
 * fragment finds nothing (the welcome page links options.html#import, #follow, #imdb, #subscribe).
 */
export function revealFragment(doc: Document = document): boolean {
  const id = decodeURIComponent(doc.location?.hash.slice(1) ?? '');
  const el = id ? doc.getElementById(id) : null;
  if (!el) return false;
  el.scrollIntoView?.({ block: 'start' });
  // A section, or a heading followed by its form.
  const CONTROLS = 'input, select, textarea, button';
  let control = el.querySelector<HTMLElement>(CONTROLS);
  for (
    let next = el.nextElementSibling, n = 0;
    !control && next && n < 3;
    next = next.nextElementSibling, n++
  )
    control = next.matches(CONTROLS) ? (next as HTMLElement) : next.querySelector<HTMLElement>(CONTROLS);
  control?.focus({ preventScroll: true });
  return true;
}
