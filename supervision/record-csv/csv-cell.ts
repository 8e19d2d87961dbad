/**
 * One CSV cell out and in: RFC 4180 quoting, and the formula guard. A
 * spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return, which some strip first) as a formula, so a record's text could run
 * code on a regulator's machine (OWASP "CSV injection"). Export prefixes such
 * a cell with an apostrophe, which spreadsheets show as text; import removes
 * exactly that prefix again, so a file round-trips.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell as written to a file. */
export function encodeCell(text: string): string {
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) || guarded !== guarded.trim() ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A cell's text as read (after the CSV splitter has removed the quoting): the formula guard undone. */
export function decodeCell(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** A row of cells as one CSV line, ended by CRLF as RFC 4180 says. */
export function encodeRow(cells: readonly string[]): string {
  return `${cells.map(encodeCell).join(',')}\r\n`;
}
