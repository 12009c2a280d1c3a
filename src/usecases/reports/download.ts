/**
 * Downloads of a finished run (issue 20): `csv` is a zip with one CSV per table at its root (HUD's Sage
 * layout: `Q4a.csv` … `Q10.csv` for the CE APR), `xlsx` one sheet per table. Audited.
 */
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import ExcelJS from 'exceljs';
import type { Tx } from '../../data/db.ts';
import { ConflictError } from '../../domain/errors.ts';
import { cellKind, neutraliseFormula, safeName, tableCsv } from '../../domain/reports/export.ts';
import type { ReportResult } from '../../domain/reports/table.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { getReportRun } from './runs.ts';

export type DownloadFormat = 'csv' | 'xlsx';

async function zipTables(result: ReportResult): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const t of result.tables) zip.addBuffer(Buffer.from(tableCsv(t), 'utf8'), `${safeName(t.id)}.csv`, { mtime: new Date(0) });
  zip.end();
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  zip.outputStream.pipe(out);
  for await (const c of out) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function workbook(result: ReportResult, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hearth';
  wb.title = title;
  const used = new Set<string>();
  for (const t of result.tables) {
    let name = safeName(t.id);
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${safeName(t.id).slice(0, 28)}_${i}`;
    used.add(name.toLowerCase());
    const sheet = wb.addWorksheet(name);
    sheet.addRow(t.columns.map((c) => neutraliseFormula(c.label))).font = { bold: true };
    t.rows.forEach((row, r) => {
      const values = row.cells.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v));
      const added = sheet.addRow(values);
      row.cells.forEach((v, c) => {
        if (typeof v === 'number' && cellKind(t, r, c) === 'percent') added.getCell(c + 1).numFmt = '0.0000';
      });
    });
    sheet.getColumn(1).width = Math.min(60, Math.max(12, ...t.rows.map((r) => String(r.cells[0] ?? '').length)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function downloadRun(tx: Tx, ctx: RequestContext, id: string, format: DownloadFormat): Promise<{ body: Buffer; fileName: string; contentType: string }> {
  const run = await getReportRun(tx, ctx, id);
  if (run.status !== 'done' || !run.result) throw new ConflictError(run.status === 'failed' ? `The report failed: ${run.error}` : 'The report is still running.');
  const base = `${run.kind}-${run.params.startDate}-${run.params.endDate}`;
  const body = format === 'csv' ? await zipTables(run.result) : await workbook(run.result, run.name);
  await writeAudit(tx, ctx, { action: 'report.download', entityType: 'report_run', entityId: id, details: { format, kind: run.kind } });
  return format === 'csv'
    ? { body, fileName: `${base}.zip`, contentType: 'application/zip' }
    : { body, fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
