/**
 * How report tables are written for download (issue 20): one CSV per table in HUD's Sage layout (row 1
 * the column headers, column A the row labels, every cell quoted, shares as decimals with four places,
 * blank cells empty), and the same cells for the spreadsheet. Text that a spreadsheet would run as a
 * formula (=, +, -, @, tab, carriage return first) is written with a leading apostrophe.
 */
import type { CellKind, CellValue, ReportTable } from './table.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would take for a formula gets a leading apostrophe (OWASP's advice). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The kind of one data cell: the row's, else the column's. */
export function cellKind(table: ReportTable, rowIndex: number, columnIndex: number): CellKind {
  const column = table.columns[columnIndex]!;
  if (column.kind === 'label') return 'label';
  return table.rows[rowIndex]!.kind ?? column.kind;
}

/** A cell as its CSV text: counts as integers, shares with four decimals, blanks empty. */
export function formatCell(value: CellValue, kind: CellKind): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (kind === 'percent') return value.toFixed(4);
    if (kind === 'count') return String(Math.round(value));
    return String(value);
  }
  return neutraliseFormula(value);
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The table as CSV text (CRLF line ends, every field quoted). */
export function tableCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => quote(neutraliseFormula(c.label))).join(',')];
  table.rows.forEach((row, r) => {
    lines.push(row.cells.map((v, c) => quote(formatCell(v, cellKind(table, r, c)))).join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

/** A file or sheet name from a table id (letters, digits, - and _ only). */
export const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 31) || 'table';
