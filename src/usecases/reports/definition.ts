/** What a report definition is given and gives back (issue 20). */
import type { Database } from '../../data/db.ts';
import type { ReferralSettings } from '../referrals/config-store.ts';
import type { DrillCollector, ReportResult } from '../../domain/reports/table.ts';
import type { ReportKind } from '../../domain/reports/catalog.ts';
import type { ReportScope } from './scope.ts';

export interface ReportParams {
  startDate: string;
  endDate: string;
  agencyIds?: string[] | undefined;
  projectIds?: string[] | undefined;
  /** Access audit: the client whose record was viewed or changed. */
  clientId?: string | undefined;
  /** Access audit: the user whose views and changes are listed. */
  userId?: string | undefined;
}

export interface ReportInput {
  /** Where the facts are read (the replica when one is configured). */
  read: Database;
  scope: ReportScope;
  params: ReportParams;
  referralSettings: ReferralSettings;
  now: Date;
  /** Names of the covered projects and agencies, for row labels. */
  projects: ReadonlyMap<string, { name: string; agencyId: string; agencyName: string; projectType: number }>;
  cocCode: string;
  softwareName: string;
  drill: DrillCollector;
  progress(percent: number, note: string): Promise<void>;
}

export interface ReportDefinitionImpl {
  kind: ReportKind;
  compute(input: ReportInput): Promise<ReportResult>;
}
