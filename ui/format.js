// Swedish presentation and parsing of the values the window edits. Decimals travel as
// strings ("1234567.5") and are never turned into floating point here.

const NBSP = '\u00a0';

/**
 * Where Swedish organisation names are compounded: the last parts of names such as
 * "Stadsbyggnadsförvaltningen", "Stadsledningskontoret" or "Miljönämnden", longest first.
 */
const NAME_TAILS = ['förvaltningen', 'förvaltning', 'avdelningen', 'förbundet', 'kontoret', 'nämnden',
  'bolaget', 'enheten', 'service', 'centrum', 'kontor', 'nämnd'];

/**
 * An organisation's name with a soft hyphen before the last part of each compound word the
 * name is made of ("Social\u00adförvaltningen"), so that a narrow column breaks it there, with
 * a hyphen, or not at all. For showing only: sorting, filtering and exports use the name.
 */
export function compoundBreaks(name) {
  return String(name ?? '').replace(/\p{L}+/gu, (word) => {
    const lower = word.toLocaleLowerCase('sv');
    // At least three letters before the part: "Kontoret" itself is not split.
    const tail = NAME_TAILS.find((t) => lower.length >= t.length + 3 && lower.endsWith(t));
    return tail ? `${word.slice(0, word.length - tail.length)}\u00ad${word.slice(word.length - tail.length)}` : word;
  });
}

/** "1234567.5" → "1 234 567,5" (no-break spaces). */
export function formatDecimal(text, { decimals } = {}) {
  if (text === null || text === undefined || text === '') return '';
  let [intPart, frac = ''] = String(text).split('.');
  const negative = intPart.startsWith('-');
  if (negative) intPart = intPart.slice(1);
  if (decimals !== undefined) frac = frac.padEnd(decimals, '0').slice(0, decimals);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${negative ? '−' : ''}${grouped}${frac ? ',' + frac : ''}`;
}

/** A whole-kronor amount as stored ("264000") → "264 000 kr". */
export function formatKr(text) {
  if (text === null || text === undefined || text === '') return '–';
  return `${formatDecimal(String(text).split('.')[0])}${NBSP}kr`;
}

/**
 * Parses what a Swedish user types as an amount: "1 250 000", "1250000,50", "1.250.000"
 * is refused (ambiguous). Returns { ok, value } with value as a Decimal string or null.
 */
export function parseDecimal(input) {
  const text = String(input ?? '').trim().replace(/[\s\u00a0\u202f]/g, '').replace('−', '-');
  if (text === '') return { ok: true, value: null };
  if (!/^-?\d+([.,]\d+)?$/.test(text)) return { ok: false };
  return { ok: true, value: text.replace(',', '.') };
}

/** ISO date check that also refuses dates not in the calendar (2026-02-30). */
export function parseDate(input) {
  const text = String(input ?? '').trim();
  if (text === '') return { ok: true, value: null };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { ok: false, reason: 'format' };
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: 'calendar' };
  }
  return { ok: true, value: text };
}

/**
 * Orders two decimals as Rust sends them ("-1234.5", "264000"), exactly, without floating
 * point: negative before positive, then by the digits. `null` (no value) sorts last.
 */
export function compareDecimal(a, b) {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  const parse = (text) => {
    const t = String(text);
    const negative = t.startsWith('-');
    const [int, frac = ''] = (negative ? t.slice(1) : t).split('.');
    return { negative, int: int.replace(/^0+(?=\d)/, ''), frac: frac.replace(/0+$/, '') };
  };
  const x = parse(a); const y = parse(b);
  const zero = (v) => /^0*$/.test(v.int) && v.frac === '';
  if (zero(x)) x.negative = false;
  if (zero(y)) y.negative = false;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const sign = x.negative ? -1 : 1;
  if (x.int.length !== y.int.length) return sign * (x.int.length - y.int.length);
  if (x.int !== y.int) return sign * (x.int < y.int ? -1 : 1);
  const width = Math.max(x.frac.length, y.frac.length);
  const fx = x.frac.padEnd(width, '0'); const fy = y.frac.padEnd(width, '0');
  return fx === fy ? 0 : sign * (fx < fy ? -1 : 1);
}
