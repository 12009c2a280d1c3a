/**
 * The shape of a report's result (issue 20): tables of rows and columns, as the API gives them, the
 * screens draw them and the downloads write them. A cell that counts people, households or records
 * carries a drill number: the run keeps the records behind it (`DrillCollector`), so the cell opens the
 * list its number was made of.
 */

/** How a column's (or a row's) numbers are written: a count, a decimal share (0.6250), a number of days, text. */
export type CellKind = 'label' | 'count' | 'percent' | 'number' | 'text' | 'date';

export interface ReportColumn {
  key: string;
  label: string;
  kind: CellKind;
}

/** A cell: null is blank (HUD's grayed or intentionally blank cells). */
export type CellValue = string | number | null;

export interface ReportRow {
  key: string;
  /** Overrides the columns' kind for this row's data cells (HUD's percent rows in count tables). */
  kind?: CellKind;
  cells: CellValue[];
  /** Per cell: the drill number of the records behind it, or null. */
  drill: (number | null)[];
}

export interface ReportChart {
  type: 'bar' | 'line';
  title: string;
  /** The table column whose values are the x axis (category or week). */
  x: string;
  /** Columns drawn as series. */
  series: string[];
  /** Rows left out of the chart (totals). */
  excludeRows?: string[];
  /** The y axis: counts, shares (0–1) or days. */
  unit: 'count' | 'percent' | 'days';
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  note?: string;
  chart?: ReportChart;
}

export interface ReportResult {
  tables: ReportTable[];
}

/** A record counted by cells of a run. */
export interface DrillItem {
  kind: 'client' | 'referral' | 'referral-step' | 'enrollment' | 'assessment' | 'event' | 'audit';
  id: string;
  clientId: string | null;
  /** Facts shown in the list besides the client (no name, date of birth or SSN: those are read live). */
  info: Record<string, string | number | null>;
}

/**
 * Numbers the drillable cells of a run and remembers which records each holds. A record counted in
 * several cells is kept once, with the list of its cells.
 */
export class DrillCollector {
  #next = 1;
  readonly #items = new Map<string, { item: DrillItem; cells: number[] }>();

  /** A new cell holding `items` (deduplicated): its count and drill number. */
  cell(items: Iterable<DrillItem>): { value: number; drill: number } {
    const drill = this.#next++;
    let value = 0;
    const seen = new Set<string>();
    for (const item of items) {
      const key = `${item.kind}:${item.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      value++;
      const kept = this.#items.get(key);
      if (kept) kept.cells.push(drill);
      else this.#items.set(key, { item, cells: [drill] });
    }
    return { value, drill };
  }

  get drillCount(): number {
    return this.#next - 1;
  }

  items(): { item: DrillItem; cells: number[] }[] {
    return [...this.#items.values()];
  }
}

/** Rounds a share half up to 4 decimal places (HUD: 2/3 is 0.6667); 0/0 is 0. */
export function share(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  return Math.floor((numerator / denominator) * 10_000 + 0.5 + 1e-9) / 10_000;
}

/** Median and a percentile (nearest rank, on sorted copies); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A row of label + cells, each cell a count with a drill or a plain value. */
export function row(key: string, label: string, cells: ({ value: number; drill: number } | CellValue)[], kind?: CellKind): ReportRow {
  const values: CellValue[] = [label];
  const drill: (number | null)[] = [null];
  for (const c of cells) {
    if (c !== null && typeof c === 'object') {
      values.push(c.value);
      drill.push(c.drill);
    } else {
      values.push(c);
      drill.push(null);
    }
  }
  return { key, ...(kind ? { kind } : {}), cells: values, drill };
}
