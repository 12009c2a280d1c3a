/**
 * A project's caseload (issue 16): every household stay of the project whose head the caller may see,
 * filtered, sorted by any column and paged with keyset cursors. The project's staff only: a project the
 * caller does not work in answers 404, as a record they may not see does.
 */
import type { Tx } from '../../data/db.ts';
import { auditClientRead, visibilityReasonSql, visibleClientsFilter } from '../../data/gateway/clients.ts';
import { caseloadHeadName, caseloadRows, type CaseloadRow } from '../../data/repos/caseload.ts';
import { loadProjectForEnrollment } from '../../data/repos/enrollments.ts';
import { displayName } from '../../domain/clients/records.ts';
import { decodeSortCursor, pageSorted, parseSort, type SortValue } from '../../domain/cursors.ts';
import { annualDue, caseloadNextDue, daysBetween, isEsgRrh, projectTypeTakesMoveIn, type NextDue } from '../../domain/enrollment/index.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { todayOf } from '../today.ts';
import { canManage } from './common.ts';

export const CASELOAD_SORTS = ['headName', 'householdSize', 'entryDate', 'moveInDate', 'exitDate', 'daysEnrolled', 'nextDue'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export interface CaseloadInput {
  status?: 'active' | 'exited' | 'all' | undefined;
  exitedFrom?: string | undefined;
  exitedTo?: string | undefined;
  /** Only households not yet housed (projects that record a move-in date). */
  notHoused?: boolean | undefined;
  /** Only households whose annual assessment window is open or overdue. */
  annualDue?: boolean | undefined;
  /** Words of the head's name (from a POST body: names never travel in URLs). */
  name?: string | undefined;
  sort?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

interface Item {
  enrollmentId: string;
  householdId: string;
  clientId: string;
  headName: string;
  householdSize: number;
  entryDate: string;
  moveInDate: string | null;
  exitDate: string | null;
  daysEnrolled: number;
  nextDue: NextDue | null;
}

const nameOf = (r: Pick<CaseloadRow, 'first_name' | 'middle_name' | 'last_name' | 'suffix' | 'anonymous'> & { id: string }) =>
  displayName({ id: r.id, anonymous: r.anonymous, firstName: r.first_name, middleName: r.middle_name, lastName: r.last_name, suffix: r.suffix });

/** Sort by family name first, as a caseload is read. */
const nameKey = (r: Pick<CaseloadRow, 'first_name' | 'last_name' | 'anonymous'>, shown: string) => (r.anonymous ? shown : `${r.last_name ?? ''} ${r.first_name ?? ''}`.trim() || shown);

const words = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9']+/).filter(Boolean);

export async function projectCaseload(tx: Tx, ctx: RequestContext, projectId: string, input: CaseloadInput) {
  const actor = requireActor(ctx);
  const project = await loadProjectForEnrollment(tx, projectId);
  if (!project || !canManage(actor, project)) throw new NotFoundError('project');
  const today = await todayOf(tx, ctx);
  const status = input.status ?? 'active';
  const rows = await caseloadRows(tx, project.id, { status, exitedFrom: input.exitedFrom, exitedTo: input.exitedTo }, visibleClientsFilter(actor, today), visibilityReasonSql(actor, today));
  const takesMoveIn = projectTypeTakesMoveIn(project.projectType);
  const terms = words(input.name ?? '');
  const all = rows
    .map((r) => {
      const headName = nameOf({ ...r, id: r.client_id });
      const facts = {
        entryDate: r.entry_date,
        exitDate: r.exit_date,
        esgRrh: isEsgRrh(project, r.entry_date),
        annualDates: r.annual_dates,
        reevaluationDates: r.reevaluation_dates,
        projectStartRecorded: r.project_start_recorded,
      };
      const item: Item = {
        enrollmentId: r.enrollment_id,
        householdId: r.household_id,
        clientId: r.client_id,
        headName,
        householdSize: r.household_size,
        entryDate: r.entry_date,
        moveInDate: r.move_in_date,
        exitDate: r.exit_date,
        daysEnrolled: Math.max(0, daysBetween(r.entry_date, r.exit_date ?? today)),
        nextDue: caseloadNextDue(facts, today),
      };
      return { item, row: r, facts, nameKey: nameKey(r, headName) };
    })
    .filter((x) => !input.notHoused || (takesMoveIn && x.item.moveInDate === null && x.item.exitDate === null))
    .filter((x) => !input.annualDue || annualDue(x.facts, today))
    .filter((x) => terms.length === 0 || (!x.row.anonymous && terms.every((t) => words(x.item.headName).some((w) => w.startsWith(t)))));

  const spec = parseSort(input.sort, CASELOAD_SORTS, 'headName');
  const valueOf = (x: (typeof all)[number]): SortValue => {
    const i = x.item;
    switch (spec.column) {
      case 'headName':
        return x.nameKey;
      case 'householdSize':
        return i.householdSize;
      case 'entryDate':
        return i.entryDate;
      case 'moveInDate':
        return i.moveInDate;
      case 'exitDate':
        return i.exitDate;
      case 'daysEnrolled':
        return i.daysEnrolled;
      case 'nextDue':
        // Overdue first, then by date: one sortable text.
        return i.nextDue ? `${i.nextDue.overdue ? 0 : 1}${i.nextDue.dueDate}` : null;
    }
  };
  const personal = spec.column === 'headName';
  // A name-sorted cursor carries no name: place it by its row, or by the name read again if it left.
  let lookUp: SortValue | undefined;
  if (personal && input.cursor !== undefined) {
    const id = decodeSortCursor(input.cursor)?.id;
    if (id && !all.some((x) => x.item.enrollmentId === id)) {
      const head = await caseloadHeadName(tx, project.id, id);
      lookUp = head ? nameKey(head, nameOf(head)) : null;
    }
  }
  const page = pageSorted(all, spec, { valueOf, idOf: (x) => x.item.enrollmentId, limit: Math.min(Math.max(input.limit ?? 50, 1), 200), cursor: input.cursor, personal, lookUp });
  if (page.items.length > 0) {
    await auditClientRead(
      tx,
      ctx,
      [...new Set(page.items.map((x) => x.item.clientId))],
      Object.fromEntries(page.items.map((x) => [x.item.clientId, x.row.access_reason ?? 'project staff'])),
      { via: 'caseload', projectId: project.id },
    );
  }
  return {
    project: { id: project.id, name: project.name, projectType: project.projectType, takesMoveIn },
    items: page.items.map((x) => x.item),
    total: page.total,
    nextCursor: page.nextCursor,
  };
}
