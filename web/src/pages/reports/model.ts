export type CellValue = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  kind: string;
}

export interface ReportRow {
  key: string;
  kind?: string;
  cells: CellValue[];
  drill: (number | null)[];
}

export interface ReportChart {
  type: 'bar' | 'line';
  title: string;
  x: string;
  series: string[];
  excludeRows?: string[];
  unit: 'count' | 'percent' | 'days';
}

export interface ReportTable {
  id: string;
  title: string;
  note?: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  chart?: ReportChart;
}

export interface ReportParams {
  startDate: string;
  endDate: string;
  agencyIds?: string[];
  projectIds?: string[];
  clientId?: string;
  userId?: string;
}

export interface ReportRun {
  id: string;
  kind: string;
  name: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  progressNote: string | null;
  params: ReportParams;
  result: { tables: ReportTable[] } | null;
  source: { database: 'primary' | 'replica'; lagSeconds: number | null; lagBytes: number | null; measuredAt: string } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ReportKindInfo {
  kind: string;
  name: string;
  description: string;
}

export interface DrillPage {
  items: { kind: string; id: string; clientId: string | null; clientName: string | null; info: Record<string, unknown> }[];
  total: number;
  notVisible: number;
  offset: number;
  limit: number;
}

/** A cell as people read it: shares as percentages, blanks as a dash for the eye (and "blank" for screen readers). */
export function showCell(value: CellValue, kind: string): string {
  if (value === null) return '';
  if (typeof value === 'number' && kind === 'percent') return `${(value * 100).toFixed(value * 100 === Math.round(value * 100) ? 0 : 1)}%`;
  if (typeof value === 'number' && kind === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return String(value);
}

export const cellKind = (t: ReportTable, row: ReportRow, i: number) => (t.columns[i]!.kind === 'label' ? 'label' : (row.kind ?? t.columns[i]!.kind));

export function describeSource(s: ReportRun['source']): string {
  if (!s) return '';
  if (s.database === 'primary') return 'Read live from the primary database.';
  if (!s.lagSeconds && !s.lagBytes) return 'Read from the read replica, which was up to date.';
  return `Read from the read replica, which was ${s.lagSeconds ?? 0} seconds (${Math.round((s.lagBytes ?? 0) / 1024)} KB of changes) behind the primary.`;
}
