/**
 * Timeliness compliance (issue 20 point 2; the seed's step 3): for each configured timeliness step, per
 * project and agency, the referral steps due in the period (due day within it) — met on time, missed,
 * no longer applicable, still pending — the median and 90th-percentile business days taken to reach the
 * step, the steps overdue now (with the list), and the escalations the sweep made in the period. Step
 * states are the timeliness engine's (src/domain/timeliness/deadlines.ts), evaluated at the run's time.
 *
 * Table ids: `timeliness` (the compliance table), `timeliness-overdue` (the list), `timeliness-weekly`
 * (the trend by week of the due day, charted).
 */
import { sql } from 'kysely';
import { addDays, daysBetween } from '../../../domain/calendar/dates.ts';
import { businessDaysBetween } from '../../../domain/calendar/business-days.ts';
import { localDateAt } from '../../../domain/calendar/zoned.ts';
import { median, percentile, row, share, type DrillItem, type ReportRow, type ReportTable } from '../../../domain/reports/table.ts';
import type { StepTimeliness } from '../../../domain/timeliness/deadlines.ts';
import type { ReportDefinitionImpl, ReportInput } from '../definition.ts';

interface ReferralFacts {
  id: string;
  number: number;
  client_id: string;
  project_id: string;
  referral_date: string;
  status_code: string;
  history: { to: string; at: string }[] | null;
  misses: { step: string; at: string; action: string }[] | null;
}

/** The longest a step can take, in calendar days, so that every referral with a step due in the period is read. */
function longestStepDays(input: ReportInput): number {
  let max = 0;
  for (const s of input.referralSettings.config.timeliness) {
    const w = s.within;
    max = Math.max(max, 'businessDays' in w ? w.businessDays * 2 + 14 : w.calendarDays);
  }
  return max + 1;
}

/** The main query: referrals to the covered projects whose steps may fall due in the period or are open now. */
export function timelinessFactsQuery(input: ReportInput) {
  const { scope, params } = input;
  const from = addDays(params.startDate, -longestStepDays(input));
  // The scope, in one place: the covered projects and the clients the caller may see.
  return sql<ReferralFacts>`
    select r.id, r.number, r.client_id, r.project_id, r.referral_date, r.status_code,
      (select json_agg(json_build_object('to', h.to_code, 'at', h.changed_at) order by h.changed_at, h.seq) from referral_status_history h where h.referral_id = r.id) as history,
      (select json_agg(json_build_object('step', m.step, 'at', m.acted_at, 'action', m.action)) from referral_step_misses m where m.referral_id = r.id) as misses
    from referrals r join clients c on c.id = r.client_id
    where r.project_id = any(${[...scope.projectIds]}::text[])
      and ${scope.clientVisible}
      and ((r.referral_date between ${from}::date and ${params.endDate}::date) or r.closed_at is null)
    order by r.number`;
}

interface StepFact {
  referral: ReferralFacts;
  step: StepTimeliness;
  dueInPeriod: boolean;
  businessDaysTaken: number | null;
  escalatedInPeriod: boolean;
}

const STATE_LABEL: Record<string, string> = {
  met: 'met',
  missed: 'missed',
  not_applicable: 'not applicable',
  overdue: 'overdue',
  due_soon: 'due soon',
  on_time: 'on time',
};

export const timeliness: ReportDefinitionImpl = {
  kind: 'timeliness',
  async compute(input) {
    const { params, referralSettings, now, drill, projects } = input;
    const engine = referralSettings.engine;
    const tz = engine.timeZone;
    await input.progress(10, 'Reading referrals');
    const rows = await input.read.transaction(async (tx) => (await timelinessFactsQuery(input).execute(tx)).rows);
    await input.progress(50, 'Evaluating timeliness steps');

    const facts: StepFact[] = [];
    for (const r of rows) {
      const history = (r.history ?? []).map((h) => ({ to: h.to, at: new Date(h.at) }));
      const steps = engine.evaluate({ referralDate: r.referral_date, status: r.status_code, history }, now);
      for (const s of steps) {
        const reachedDay = s.reachedAt ? localDateAt(s.reachedAt, tz) : null;
        const escalatedInPeriod = (r.misses ?? []).some((m) => {
          if (m.step !== s.step) return false;
          const day = localDateAt(new Date(m.at), tz);
          return day >= params.startDate && day <= params.endDate;
        });
        facts.push({
          referral: r,
          step: s,
          dueInPeriod: s.dueDate >= params.startDate && s.dueDate <= params.endDate,
          businessDaysTaken: reachedDay ? businessDaysBetween(r.referral_date, reachedDay, engine.holidays) : null,
          escalatedInPeriod,
        });
      }
    }

    const item = (f: StepFact): DrillItem => ({
      kind: 'referral-step',
      id: `${f.referral.id}:${f.step.step}`,
      clientId: f.referral.client_id,
      info: {
        referral: `R-${f.referral.number}`,
        referralId: f.referral.id,
        project: projects.get(f.referral.project_id)?.name ?? f.referral.project_id,
        step: f.step.step,
        state: STATE_LABEL[f.step.state] ?? f.step.state,
        referralDate: f.referral.referral_date,
        dueDate: f.step.dueDate,
      },
    });

    const cells = (group: StepFact[]) => {
      const due = group.filter((f) => f.dueInPeriod);
      const met = due.filter((f) => f.step.state === 'met');
      const missed = due.filter((f) => f.step.state === 'missed');
      const pending = due.filter((f) => ['on_time', 'due_soon', 'overdue'].includes(f.step.state));
      const notApplicable = due.filter((f) => f.step.state === 'not_applicable');
      const taken = due.map((f) => f.businessDaysTaken).filter((d): d is number => d !== null);
      const overdueNow = group.filter((f) => f.step.state === 'overdue');
      const escalations = group.filter((f) => f.escalatedInPeriod);
      return [
        drill.cell(due.map(item)),
        drill.cell(met.map(item)),
        drill.cell(missed.map(item)),
        drill.cell(notApplicable.map(item)),
        drill.cell(pending.map(item)),
        met.length + missed.length === 0 ? null : share(met.length, met.length + missed.length),
        median(taken),
        percentile(taken, 90),
        drill.cell(overdueNow.map(item)),
        drill.cell(escalations.map(item)),
      ];
    };

    const stepNames = referralSettings.config.timeliness.map((s) => s.step);
    const tableRows: ReportRow[] = [];
    const byProject = [...projects.entries()].sort((a, b) => a[1].agencyName.localeCompare(b[1].agencyName) || a[1].name.localeCompare(b[1].name));
    const agencies = [...new Map(byProject.map(([, p]) => [p.agencyId, p.agencyName])).entries()];
    for (const step of stepNames) {
      const ofStep = facts.filter((f) => f.step.step === step);
      const relevant = (g: StepFact[]) => g.some((f) => f.dueInPeriod || f.step.state === 'overdue' || f.escalatedInPeriod);
      for (const [agencyId, agencyName] of agencies) {
        const ofAgency = ofStep.filter((f) => projects.get(f.referral.project_id)?.agencyId === agencyId);
        for (const [projectId, p] of byProject.filter(([, q]) => q.agencyId === agencyId)) {
          const g = ofAgency.filter((f) => f.referral.project_id === projectId);
          if (!relevant(g)) continue;
          tableRows.push(row(`${step}|${projectId}`, step, [agencyName, p.name, ...cells(g)]));
        }
        if (relevant(ofAgency)) tableRows.push(row(`${step}|agency:${agencyId}`, step, [agencyName, 'All projects of the agency', ...cells(ofAgency)]));
      }
      tableRows.push(row(`${step}|all`, step, ['All agencies', 'All projects', ...cells(ofStep)]));
    }
    const main: ReportTable = {
      id: 'timeliness',
      title: 'Timeliness compliance by step, agency and project',
      note: 'A step is due at the end of its due day in the CoC time zone; "days taken" are business days from the referral date to the day the step was reached. % met on time = met ÷ (met + missed).',
      columns: [
        { key: 'step', label: 'Timeliness step', kind: 'label' },
        { key: 'agency', label: 'Agency', kind: 'text' },
        { key: 'project', label: 'Project', kind: 'text' },
        { key: 'due', label: 'Due in period', kind: 'count' },
        { key: 'met', label: 'Met on time', kind: 'count' },
        { key: 'missed', label: 'Missed', kind: 'count' },
        { key: 'notApplicable', label: 'No longer applicable', kind: 'count' },
        { key: 'pending', label: 'Still pending', kind: 'count' },
        { key: 'metShare', label: '% met on time', kind: 'percent' },
        { key: 'median', label: 'Median business days taken', kind: 'number' },
        { key: 'p90', label: '90th percentile business days taken', kind: 'number' },
        { key: 'overdueNow', label: 'Overdue now', kind: 'count' },
        { key: 'escalations', label: 'Escalations made in period', kind: 'count' },
      ],
      rows: tableRows,
      chart: { type: 'bar', title: '% met on time by step (all projects)', x: 'step', series: ['metShare'], unit: 'percent' },
    };
    main.chart!.excludeRows = tableRows.filter((r) => !r.key.endsWith('|all')).map((r) => r.key);

    await input.progress(80, 'Listing overdue steps');
    const overdue = facts
      .filter((f) => f.step.state === 'overdue')
      .sort((a, b) => a.step.dueAt.getTime() - b.step.dueAt.getTime() || a.referral.number - b.referral.number);
    const todayLocal = localDateAt(now, tz);
    const overdueTable: ReportTable = {
      id: 'timeliness-overdue',
      title: 'Referral steps overdue now',
      columns: [
        { key: 'referral', label: 'Referral', kind: 'label' },
        { key: 'agency', label: 'Agency', kind: 'text' },
        { key: 'project', label: 'Project', kind: 'text' },
        { key: 'step', label: 'Step', kind: 'text' },
        { key: 'referralDate', label: 'Referral date', kind: 'date' },
        { key: 'dueDate', label: 'Due date', kind: 'date' },
        { key: 'daysOverdue', label: 'Days overdue', kind: 'number' },
        { key: 'households', label: 'Households', kind: 'count' },
      ],
      rows: overdue.map((f) => {
        const p = projects.get(f.referral.project_id);
        return row(`${f.referral.id}:${f.step.step}`, `R-${f.referral.number}`, [
          p?.agencyName ?? '',
          p?.name ?? f.referral.project_id,
          f.step.step,
          f.referral.referral_date,
          f.step.dueDate,
          Math.max(0, daysBetween(f.step.dueDate, todayLocal)),
          drill.cell([item(f)]),
        ]);
      }),
    };

    // Weekly trend of the steps due in the period (weeks from Monday).
    const weekOf = (d: string) => addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));
    const weeks = new Map<string, StepFact[]>();
    for (const f of facts) {
      if (!f.dueInPeriod) continue;
      const w = weekOf(f.step.dueDate);
      weeks.set(w, [...(weeks.get(w) ?? []), f]);
    }
    const weekly: ReportTable = {
      id: 'timeliness-weekly',
      title: 'Weekly trend: steps due each week',
      columns: [
        { key: 'week', label: 'Week of (Monday)', kind: 'label' },
        { key: 'due', label: 'Due', kind: 'count' },
        { key: 'met', label: 'Met on time', kind: 'count' },
        { key: 'missed', label: 'Missed', kind: 'count' },
        { key: 'metShare', label: '% met on time', kind: 'percent' },
      ],
      rows: [...weeks.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([w, g]) => {
          const met = g.filter((f) => f.step.state === 'met');
          const missed = g.filter((f) => f.step.state === 'missed');
          return row(w, w, [drill.cell(g.map(item)), drill.cell(met.map(item)), drill.cell(missed.map(item)), met.length + missed.length === 0 ? null : share(met.length, met.length + missed.length)]);
        }),
      chart: { type: 'line', title: '% of steps met on time, by week', x: 'week', series: ['metShare'], unit: 'percent' },
    };
    return { tables: [main, overdueTable, weekly] };
  },
};
