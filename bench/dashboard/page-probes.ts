/**
 * Measurements taken inside the page, as strings for page.evaluate (the
 * benchmark compiles without the DOM library, and the page runs them as it
 * would its own code): frame gaps from requestAnimationFrame, long tasks
 * from the Long Tasks API, and input-to-paint latency of the filter box.
 */

/** Starts recording frame gaps and long tasks into window.__lwFrames. */
export const START_FRAME_RECORDER = `(() => {
  const f = (window.__lwFrames = { gaps: [], longTasks: [], running: true, last: performance.now() });
  const tick = (t) => { f.gaps.push(t - f.last); f.last = t; if (f.running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  f.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) f.longTasks.push(e.duration); });
  f.observer.observe({ type: 'longtask' });
})()`;

/** Stops the recorder and returns { gaps, longTasks } in ms. */
export const STOP_FRAME_RECORDER = `(() => {
  const f = window.__lwFrames;
  f.running = false;
  f.observer.disconnect();
  return { gaps: f.gaps.slice(1), longTasks: f.longTasks };
})()`;

/** Types `text` into the overview's filter and resolves with ms until the filtered table is painted (two frames later). */
export function filterLatency(text: string): string {
  return `(async () => {
    const input = document.getElementById('enterprise-filter');
    const t = performance.now();
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new Event('input'));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - t, rows: document.querySelectorAll('.enterprise-table tbody tr').length };
  })()`;
}

/** The page's own render measures of series cards: [{ ms, points }]. */
export const SERIES_RENDERS = `performance.getEntriesByName('linewatch:series-render').map((e) => ({ ms: e.duration, points: e.detail && e.detail.points }))`;

/** Chrome's JS heap in use, MB (null where the browser does not say). */
export const HEAP_MB = `performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null`;

/**
 * Resolves once `condition` (a JavaScript expression) holds in the page,
 * polling there every 5 ms. page.waitForFunction would evaluate a string
 * with eval, which the page's Content-Security-Policy rightly forbids.
 */
export function waitInPage(condition: string, timeoutMs = 60_000): string {
  return `new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      if (${condition}) resolve(performance.now() - start);
      else if (performance.now() - start > ${timeoutMs}) reject(new Error('timed out waiting in the page for: ' + ${JSON.stringify(condition)}));
      else setTimeout(check, 5);
    };
    check();
  })`;
}
