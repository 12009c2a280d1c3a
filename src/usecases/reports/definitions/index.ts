import type { ReportKind } from '../../../domain/reports/catalog.ts';
import type { ReportDefinitionImpl } from '../definition.ts';
import { ceApr } from './ce-apr.ts';
import { timeliness } from './timeliness.ts';
import { referralOutcomes } from './referral-outcomes.ts';
import { dataQuality } from './data-quality.ts';
import { accessAudit } from './access-audit.ts';

export const DEFINITIONS: Record<ReportKind, ReportDefinitionImpl> = {
  timeliness,
  'referral-outcomes': referralOutcomes,
  'ce-apr': ceApr,
  'data-quality': dataQuality,
  'access-audit': accessAudit,
};
