/**
 * The access audit for the HMIS lead (issue 20 point 6): who viewed or changed a given client, or which
 * clients a user viewed or changed, between two days (the CoC's time zone). "Viewed" is a `client.read`
 * entry; "changed" any other entry about the client. Read from the audit log's indexes on
 * (client_id, at) and (user_id, at).
 */
import { sql } from 'kysely';
import { endOfDayInstant, startOfDayInstant } from '../../../domain/calendar/zoned.ts';
import { row, type DrillItem, type ReportTable } from '../../../domain/reports/table.ts';
import { RuleViolation } from '../../../domain/errors.ts';
import type { ReportDefinitionImpl, ReportInput } from '../definition.ts';

interface Entry {
  id: number;
  at: Date;
  user_id: string | null;
  client_id: string;
  action: string;
  reason: string | null;
}

export function accessAuditQuery(input: ReportInput, from: Date, to: Date) {
  const { params } = input;
  return params.clientId
    ? sql<Entry>`select id, at, user_id, client_id, action, reason from audit_log where client_id = ${params.clientId} and at >= ${from} and at <= ${to} order by at, id`
    : sql<Entry>`select id, at, user_id, client_id, action, reason from audit_log where user_id = ${params.userId!} and client_id is not null and at >= ${from} and at <= ${to} order by at, id`;
}

const MAX_LISTED = 5_000;

export const accessAudit: ReportDefinitionImpl = {
  kind: 'access-audit',
  async compute(input) {
    const { params, drill, referralSettings } = input;
    const tz = referralSettings.engine.timeZone;
    const from = startOfDayInstant(params.startDate, tz);
    const to = endOfDayInstant(params.endDate, tz);
    await input.progress(10, 'Reading the audit log');
    const { entries, users, clients } = await input.read.transaction(async (tx) => {
      const entries = (await accessAuditQuery(input, from, to).execute(tx)).rows;
      const userIds = [...new Set([...entries.map((e) => e.user_id).filter((u): u is string => u !== null), ...(params.userId ? [params.userId] : [])])];
      const clientIds = [...new Set(entries.map((e) => e.client_id))];
      const users = (await sql<{ id: string; username: string; display_name: string }>`select id, username, display_name from users where id = any(${userIds}::text[])`.execute(tx)).rows;
      const clients = (await sql<{ id: string; first_name: string | null; last_name: string | null }>`select id, first_name, last_name from clients where id = any(${clientIds}::text[])`.execute(tx)).rows;
      return { entries, users: new Map(users.map((u) => [u.id, u])), clients: new Map(clients.map((c) => [c.id, c])) };
    });
    if (params.userId && !users.has(params.userId)) throw new RuleViolation('No such user.', [{ pointer: '/userId', message: 'No such user.' }]);
    await input.progress(60, 'Summarising');
    const item = (e: Entry): DrillItem => ({ kind: 'audit', id: String(e.id), clientId: e.client_id, info: { at: e.at.toISOString(), user: e.user_id ? (users.get(e.user_id)?.username ?? e.user_id) : 'system', action: e.action, reason: e.reason } });
    const isView = (e: Entry) => e.action === 'client.read';
    const userLabel = (id: string | null) => (id ? `${users.get(id)?.display_name ?? id} (${users.get(id)?.username ?? ''})` : 'System');
    const clientLabel = (id: string) => [clients.get(id)?.first_name, clients.get(id)?.last_name].filter(Boolean).join(' ') || id;

    const groupKey = (e: Entry) => (params.clientId ? (e.user_id ?? 'system') : e.client_id);
    const groups = new Map<string, Entry[]>();
    for (const e of entries) groups.set(groupKey(e), [...(groups.get(groupKey(e)) ?? []), e]);
    const summary: ReportTable = {
      id: 'access-audit',
      title: params.clientId ? 'Who viewed or changed the client' : `Clients ${userLabel(params.userId!)} viewed or changed`,
      columns: [
        { key: 'who', label: params.clientId ? 'User' : 'Client', kind: 'label' },
        { key: 'views', label: 'Views', kind: 'count' },
        { key: 'changes', label: 'Changes', kind: 'count' },
        { key: 'first', label: 'First', kind: 'text' },
        { key: 'last', label: 'Last', kind: 'text' },
      ],
      rows: [...groups.entries()].map(([k, es]) =>
        row(k, params.clientId ? userLabel(k === 'system' ? null : k) : clientLabel(k), [drill.cell(es.filter(isView).map(item)), drill.cell(es.filter((e) => !isView(e)).map(item)), es[0]!.at.toISOString(), es[es.length - 1]!.at.toISOString()]),
      ),
      chart: { type: 'bar', title: params.clientId ? 'Views and changes by user' : 'Views and changes by client', x: 'who', series: ['views', 'changes'], unit: 'count' },
    };
    const listed = entries.slice(-MAX_LISTED);
    const detail: ReportTable = {
      id: 'access-audit-entries',
      title: 'Every entry',
      ...(entries.length > MAX_LISTED ? { note: `The last ${MAX_LISTED} of ${entries.length} entries.` } : {}),
      columns: [
        { key: 'at', label: 'When', kind: 'label' },
        { key: 'user', label: 'User', kind: 'text' },
        { key: 'client', label: 'Client', kind: 'text' },
        { key: 'action', label: 'Action', kind: 'text' },
        { key: 'reason', label: 'Why access was allowed / reason', kind: 'text' },
      ],
      rows: listed.map((e) => row(String(e.id), e.at.toISOString(), [userLabel(e.user_id), clientLabel(e.client_id), e.action, e.reason])),
    };
    return { tables: [summary, detail] };
  },
};
