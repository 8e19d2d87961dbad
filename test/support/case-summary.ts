/**
 * The summary table the fault and attack suites print: one row per case with
 * what was sent, stored, rejected, lost and, of the stored points, those never
 * charted live outside a documented historical backlog (uncharted). Each suite keeps its own table and
 * prints it once in `afterAll`, so CI output shows every case's counts.
 */
export interface CaseCounts {
  readonly case: string;
  readonly sent: number;
  readonly stored: number;
  readonly rejected: number;
  readonly lost: number;
  /**
   * Stored but never charted by the live monitor, and not counted as a
   * historical backlog either (see `unchartedOf` in fault-rig.ts). Where the
   * design promises live charting it must be 0. Every row states it; null
   * (printed "-") only where the counters cannot tell it for this row, and
   * the note or another row says why (e.g. per-process counters, per-enterprise rows).
   */
  readonly uncharted: number | null;
  /** Anything else worth a column's glance (e.g. "refused: rate limit"). */
  readonly note?: string;
}

export class CaseSummary {
  private readonly rows: CaseCounts[] = [];

  constructor(private readonly title: string) {}

  add(row: CaseCounts): void {
    this.rows.push(row);
  }

  /** The table as Markdown; empty when no case ran (e.g. a filtered run). */
  render(): string {
    if (this.rows.length === 0) return '';
    const width = Math.max(4, ...this.rows.map((r) => r.case.length));
    const num = (n: number) => String(n).padStart(9);
    const lines = [
      `${this.title}`,
      `| ${'case'.padEnd(width)} |      sent |    stored |  rejected |      lost | uncharted | note`,
      `| ${'-'.repeat(width)} | --------: | --------: | --------: | --------: | --------: | ----`,
      ...this.rows.map(
        (r) => `| ${r.case.padEnd(width)} | ${num(r.sent)} | ${num(r.stored)} | ${num(r.rejected)} | ${num(r.lost)} | ${r.uncharted === null ? '        -' : num(r.uncharted)} | ${r.note ?? ''}`,
      ),
    ];
    return `\n${lines.join('\n')}\n`;
  }

  print(): void {
    const text = this.render();
    if (text) console.log(text);
  }
}
