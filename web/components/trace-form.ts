/**
 * What to trace: a line and a time range, an alert episode, or a material
 * lot. Submitting puts the question in the URL (`#/trace?...`), so a trace
 * can be bookmarked and linked to; the view reads it back from there.
 */
import { h } from '../lib/dom.js';
import { isoToLocalInput, localInputToIso } from '../model/trace-model.js';

export interface TraceFormOptions {
  readonly enterprise: string;
  readonly lines: readonly string[];
  readonly params: URLSearchParams;
  /** Called with the page address of the asked trace. */
  go(hash: string): void;
}

export function traceForm(o: TraceFormOptions): HTMLElement {
  const by = o.params.get('episode') ? 'episode' : o.params.get('lot') ? 'lot' : 'line';
  const line = h(
    'select',
    { id: 'trace-line', name: 'line' },
    o.lines.map((l) => h('option', { value: l, selected: l === o.params.get('line') }, l)),
  );
  const from = h('input', { id: 'trace-from', name: 'from', type: 'datetime-local', value: isoToLocalInput(o.params.get('from') ?? '') });
  const to = h('input', { id: 'trace-to', name: 'to', type: 'datetime-local', value: isoToLocalInput(o.params.get('to') ?? '') });
  const episode = h('input', { id: 'trace-episode', name: 'episode', type: 'text', value: o.params.get('episode') ?? '', autocomplete: 'off' });
  const lot = h('input', { id: 'trace-lot', name: 'lot', type: 'text', value: o.params.get('lot') ?? '', autocomplete: 'off' });
  const go = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ enterprise: o.enterprise, ...extra });
    o.go(`#/trace?${params.toString()}`);
  };
  const field = (label: string, input: HTMLElement) => h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  const part = (key: string, title: string, fields: HTMLElement[], submit: () => void) =>
    h(
      'form',
      {
        class: `trace-by trace-by-${key}`,
        'data-by': key,
        'data-current': key === by ? 'true' : 'false',
        'aria-label': title,
        onsubmit: (e: Event) => {
          e.preventDefault();
          submit();
        },
      },
      h('h3', null, title),
      fields,
      h('button', { type: 'submit', class: 'button small' }, 'Trace'),
    );
  return h(
    'div',
    { class: 'trace-form' },
    part('line', 'A line and a time range', [field('Line', line), field('From', from), field('To', to)], () =>
      go({ line: line.value, from: localInputToIso(from.value), to: localInputToIso(to.value) }),
    ),
    part('episode', 'An alert episode', [field('Episode id', episode)], () => go({ episode: episode.value.trim() })),
    part('lot', 'A material lot', [field('Lot', lot)], () => go({ lot: lot.value.trim() })),
  );
}
