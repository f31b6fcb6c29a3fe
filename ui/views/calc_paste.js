// A block pasted into the calculation grid from Excel (or LibreOffice, or a web page's
// table): tab-separated cells, CRLF or LF rows, Swedish numbers. Pure functions, no DOM: the
// grid asks `planPaste` what a block would change and applies it only when every cell reads;
// one bad cell refuses the whole paste and says which.

import { S } from '../strings.js';

const P = S.calc.grid.paste;

/** The grid's columns a paste fills, left to right. */
export const PASTE_COLUMNS = ['description', 'low', 'likely', 'high'];

/** More rows than any calculation has: a paste of a whole sheet is refused, not half done. */
export const MAX_PASTE_ROWS = 200;

/**
 * Splits clipboard text into rows of cells. Excel quotes a cell that holds a tab, a line
 * break or a quote ("a ""b"""), and ends the block with a line break, which is no row.
 */
export function parseClipboardTable(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  const s = String(text ?? '');
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i += 1; continue; }
      cell += c; i += 1; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i += 1; continue; }
    if (c === '\t') { row.push(cell); cell = ''; i += 1; continue; }
    if (c === '\r' || c === '\n') {
      row.push(cell); rows.push(row); row = []; cell = '';
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += c; i += 1;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  // Trailing empty rows (a copied block ends with a line break; a selection may run past the data).
  while (rows.length && rows[rows.length - 1].every((v) => v.trim() === '')) rows.pop();
  return rows;
}

/** Whether pasted text is a block (more than one cell) rather than one value for one field. */
export function isBlock(text) {
  const rows = parseClipboardTable(text);
  return rows.length > 1 || (rows.length === 1 && rows[0].length > 1);
}

/**
 * A number as Swedish offices' sheets give it: "1 234 567", "1 234,50" with ordinary,
 * no-break or narrow no-break spaces between thousands, "−1 000" with a minus sign, an
 * optional "kr" or "kr/år" after it. "1.234,5" and "1,234.5" are refused: which separator is
 * the decimal one cannot be known. Returns { ok, value } with value a decimal string or null.
 */
export function readPastedNumber(text) {
  let t = String(text ?? '').replace(/[\s\u00a0\u202f\u2007]/g, '').replace(/^[\u2212\u2013]/, '-');
  t = t.replace(/(kr|kr\/år|kronor)$/i, '');
  if (t === '') return { ok: true, value: null };
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return { ok: false };
  return { ok: true, value: t.replace(',', '.') };
}

/**
 * What pasting `rows` with its top-left cell at grid row `startRow` (0-based line index) and
 * column `startColumn` (a name from PASTE_COLUMNS) would change, or why it cannot be pasted.
 * `lines` are the form's lines; `kindOfNew` the kind of lines a block longer than the grid
 * adds. Returns { ok: true, cells: [{ row, column, value }], added } or { ok: false, message }.
 */
export function planPaste(lines, startRow, startColumn, rows, { formatNumber }) {
  if (!rows.length) return { ok: false, message: P.empty };
  if (rows.length > MAX_PASTE_ROWS) return { ok: false, message: P.tooManyRows(rows.length, MAX_PASTE_ROWS) };
  const first = PASTE_COLUMNS.indexOf(startColumn);
  const room = PASTE_COLUMNS.slice(first);
  const width = Math.max(...rows.map((r) => r.length));
  if (first < 0 || width > room.length) {
    return { ok: false, message: P.tooWide(width, S.calc.grid.columns[startColumn] ?? startColumn, room.map((c) => S.calc.grid.columns[c])) };
  }
  const cells = [];
  for (let r = 0; r < rows.length; r += 1) {
    const row = startRow + r;
    const line = lines[row];
    for (let c = 0; c < rows[r].length; c += 1) {
      const column = room[c];
      const raw = rows[r][c];
      const where = P.where(row + 1, S.calc.grid.columns[column], r + 1, c + 1);
      if (column === 'description') {
        cells.push({ row, column, value: raw.trim() });
        continue;
      }
      if (line && !['amount', 'hours', 'units'].includes(line.value_type)) {
        return { ok: false, message: P.notEstimated(where, line.value_type) };
      }
      const parsed = readPastedNumber(raw);
      if (!parsed.ok) return { ok: false, message: P.notANumber(where, raw.trim()) };
      cells.push({ row, column, value: parsed.value === null ? '' : formatNumber(parsed.value) });
    }
  }
  return { ok: true, cells, added: Math.max(0, startRow + rows.length - lines.length) };
}
