/**
 * Referral outcomes (issue 20 point 3): the referrals made in the period to the covered projects — by
 * status and by HUD referral result (4.20.D, from the configuration), the rematch rate and reasons, and
 * the days from referral to enrollment and to move-in (median and distribution) by project type,
 * population and household type.
 */
import { sql } from 'kysely';
import { daysBetween } from '../../../domain/calendar/dates.ts';
import { hudAge, householdType, HOUSEHOLD_TYPE_COLUMNS } from '../../../domain/reports/hud-people.ts';
import { hudReferralResult } from '../../../domain/referrals/index.ts';
import { median, row, share, type DrillItem, type ReportTable } from '../../../domain/reports/table.ts';
import { hudList } from '../../../domain/enrollment/common.ts';
import type { ReportDefinitionImpl, ReportInput } from '../definition.ts';

interface Facts {
  id: string;
  number: number;
  client_id: string;
  project_id: string;
  project_type: number;
  populations: string[];
  referral_date: string;
  status_code: string;
  closed: boolean;
  source: string;
  entry_date: string | null;
  move_in_date: string | null;
  member_dobs: { dob: string | null; dq: number | null }[];
}

/** The main query; the scope in one place (covered projects, clients the caller may see). */
export function outcomesFactsQuery(input: ReportInput) {
  const { scope, params } = input;
  return sql<Facts>`
    select r.id, r.number, r.client_id, r.project_id, p.project_type, p.populations, r.referral_date, r.status_code,
           r.closed_at is not null as closed, r.source, e.entry_date, e.move_in_date,
           coalesce((select json_agg(json_build_object('dob', mc.dob, 'dq', mc.dob_data_quality))
              from jsonb_array_elements(r.household_snapshot) s join clients mc on mc.id = s->>'clientId'), '[]'::json) as member_dobs
    from referrals r join projects p on p.id = r.project_id join clients c on c.id = r.client_id
      left join enrollments e on e.id = r.enrollment_id
    where r.project_id = any(${[...scope.projectIds]}::text[]) and ${scope.clientVisible}
      and r.referral_date between ${params.startDate}::date and ${params.endDate}::date
    order by r.number`;
}

const BUCKETS: readonly [string, number, number][] = [
  ['0–7 days', 0, 7],
  ['8–14 days', 8, 14],
  ['15–30 days', 15, 30],
  ['31–60 days', 31, 60],
  ['61–90 days', 61, 90],
  ['91–180 days', 91, 180],
  ['More than 180 days', 181, Number.MAX_SAFE_INTEGER],
];

export const referralOutcomes: ReportDefinitionImpl = {
  kind: 'referral-outcomes',
  async compute(input) {
    const { drill, referralSettings, projects } = input;
    const config = referralSettings.config;
    await input.progress(10, 'Reading referrals');
    const rows = await input.read.transaction(async (tx) => (await outcomesFactsQuery(input).execute(tx)).rows);
    await input.progress(60, 'Counting outcomes');
    const item = (f: Facts): DrillItem => ({
      kind: 'referral',
      id: f.id,
      clientId: f.client_id,
      info: { referral: `R-${f.number}`, referralId: f.id, project: projects.get(f.project_id)?.name ?? f.project_id, status: config.statuses.find((s) => s.code === f.status_code)?.label ?? f.status_code, referralDate: f.referral_date },
    });
    const cell = (xs: Facts[]) => drill.cell(xs.map(item));
    const total = rows.length;

    const byStatus: ReportTable = {
      id: 'referral-outcomes-status',
      title: 'Referrals made in the period, by current status',
      columns: [
        { key: 'status', label: 'Status', kind: 'label' },
        { key: 'referrals', label: 'Referrals', kind: 'count' },
        { key: 'share', label: 'Share of referrals', kind: 'percent' },
      ],
      rows: [
        ...config.statuses.map((s) => {
          const xs = rows.filter((r) => r.status_code === s.code);
          return row(s.code, s.label, [cell(xs), share(xs.length, total)]);
        }),
        row('total', 'Total', [cell(rows), total === 0 ? 0 : 1]),
      ],
      chart: { type: 'bar', title: 'Referrals by status', x: 'status', series: ['referrals'], excludeRows: ['total'], unit: 'count' },
    };

    const resultOf = (r: Facts) => (r.closed ? hudReferralResult(config, r.status_code) : null);
    const resultRow = (key: string, label: string, pred: (r: Facts) => boolean) => {
      const xs = rows.filter(pred);
      return row(key, label, [cell(xs), share(xs.length, total)]);
    };
    const byResult: ReportTable = {
      id: 'referral-outcomes-hud-result',
      title: 'Referrals by HUD referral result (4.20.D)',
      columns: byStatus.columns.map((c) => (c.key === 'status' ? { ...c, label: 'HUD referral result' } : c)),
      rows: [
        resultRow('accepted', 'Successful referral: client accepted', (r) => resultOf(r) === 1),
        resultRow('clientRejected', 'Unsuccessful referral: client rejected', (r) => resultOf(r) === 2),
        resultRow('providerRejected', 'Unsuccessful referral: provider rejected', (r) => resultOf(r) === 3),
        resultRow('open', 'No result yet (referral open)', (r) => !r.closed),
        resultRow('none', 'Closed without a HUD result', (r) => r.closed && resultOf(r) === null),
      ],
    };

    const closed = rows.filter((r) => r.closed);
    const rematchStatuses = config.statuses.filter((s) => s.rematch);
    const rematched = closed.filter((r) => rematchStatuses.some((s) => s.code === r.status_code));
    const rematch: ReportTable = {
      id: 'referral-outcomes-rematch',
      title: 'Rematches: rate and reasons',
      note: 'Rematch rate = referrals that ended needing a rematch ÷ referrals that ended.',
      columns: [
        { key: 'reason', label: 'Reason', kind: 'label' },
        { key: 'referrals', label: 'Referrals', kind: 'count' },
        { key: 'share', label: 'Share of ended referrals', kind: 'percent' },
      ],
      rows: [
        ...rematchStatuses.map((s) => {
          const xs = closed.filter((r) => r.status_code === s.code);
          return row(s.code, s.label, [cell(xs), share(xs.length, closed.length)]);
        }),
        row('rematched', 'All rematches', [cell(rematched), share(rematched.length, closed.length)]),
        row('ended', 'Referrals that ended', [cell(closed), closed.length === 0 ? 0 : 1]),
      ],
    };

    const typeNames = hudList('ProjectType');
    const hhType = (r: Facts) => householdType(r.member_dobs.map((m) => hudAge({ dob: m.dob, dobDataQuality: m.dq }, r.referral_date)));
    const groups: { key: string; label: string; pred: (r: Facts) => boolean }[] = [
      ...[...new Set(rows.map((r) => r.project_type))].sort((a, b) => a - b).map((t) => ({ key: `type:${t}`, label: `Project type: ${typeNames.get(t) ?? t}`, pred: (r: Facts) => r.project_type === t })),
      ...['singles', 'families', 'youth', 'veterans'].map((p) => ({ key: `population:${p}`, label: `Population served: ${p}`, pred: (r: Facts) => r.populations.includes(p) })),
      ...HOUSEHOLD_TYPE_COLUMNS.map((c) => ({ key: `household:${c.key}`, label: `Household: ${c.label}`, pred: (r: Facts) => hhType(r) === c.key })),
      { key: 'all', label: 'All referrals', pred: () => true },
    ];
    const toEnrollment = (r: Facts) => (r.entry_date ? Math.max(0, daysBetween(r.referral_date, r.entry_date)) : null);
    const toMoveIn = (r: Facts) => (r.move_in_date ? Math.max(0, daysBetween(r.referral_date, r.move_in_date)) : null);
    const days: ReportTable = {
      id: 'referral-outcomes-days',
      title: 'Days from referral to enrollment and to move-in',
      columns: [
        { key: 'group', label: 'Group', kind: 'label' },
        { key: 'referrals', label: 'Referrals', kind: 'count' },
        { key: 'enrolled', label: 'Enrolled', kind: 'count' },
        { key: 'medianEnrollment', label: 'Median days to enrollment', kind: 'number' },
        { key: 'movedIn', label: 'Moved in', kind: 'count' },
        { key: 'medianMoveIn', label: 'Median days to move-in', kind: 'number' },
      ],
      rows: groups
        .map((g) => ({ g, xs: rows.filter(g.pred) }))
        .filter(({ g, xs }) => xs.length > 0 || g.key === 'all')
        .map(({ g, xs }) => {
          const enrolled = xs.filter((r) => r.entry_date);
          const moved = xs.filter((r) => r.move_in_date);
          return row(g.key, g.label, [cell(xs), cell(enrolled), median(enrolled.map((r) => toEnrollment(r)!)), cell(moved), median(moved.map((r) => toMoveIn(r)!))]);
        }),
    };
    const distribution: ReportTable = {
      id: 'referral-outcomes-distribution',
      title: 'Distribution of days from referral to enrollment and to move-in',
      columns: [
        { key: 'days', label: 'Days after the referral', kind: 'label' },
        { key: 'enrollment', label: 'Enrollments', kind: 'count' },
        { key: 'moveIn', label: 'Move-ins', kind: 'count' },
      ],
      rows: BUCKETS.map(([label, lo, hi]) =>
        row(label, label, [cell(rows.filter((r) => (toEnrollment(r) ?? -1) >= lo && (toEnrollment(r) ?? -1) <= hi)), cell(rows.filter((r) => (toMoveIn(r) ?? -1) >= lo && (toMoveIn(r) ?? -1) <= hi))]),
      ),
      chart: { type: 'bar', title: 'Days from referral to enrollment and move-in', x: 'days', series: ['enrollment', 'moveIn'], unit: 'count' },
    };
    return { tables: [byStatus, byResult, rematch, days, distribution] };
  },
};
