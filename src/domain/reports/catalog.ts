/**
 * The reports Hearth runs (issue 20): kinds, names and what each tells, as the API lists them. The
 * kinds are part of the API contract.
 */
export const REPORT_KINDS = ['timeliness', 'referral-outcomes', 'ce-apr', 'data-quality', 'access-audit'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportDefinition {
  kind: ReportKind;
  name: string;
  description: string;
}

export const REPORTS: readonly ReportDefinition[] = [
  {
    kind: 'timeliness',
    name: 'Timeliness compliance',
    description:
      'Per timeliness step, project and agency: referrals due in the period, met on time, missed, still pending, median and 90th-percentile days taken, referrals overdue now and escalations made, with a weekly trend.',
  },
  {
    kind: 'referral-outcomes',
    name: 'Referral outcomes',
    description:
      'Referrals made in the period by status and HUD referral result, rematch rate and reasons, and days from referral to enrollment and to move-in, by project type, population and household type.',
  },
  {
    kind: 'ce-apr',
    name: 'HUD Coordinated Entry APR',
    description: "HUD's CE APR (FY2026) tables Q4a to Q10 for the period, downloadable as the CSV zip Sage takes.",
  },
  {
    kind: 'data-quality',
    name: 'HUD data quality',
    description:
      "HUD's data-quality tables (personally identifying information, universal data elements, income and housing, chronic homelessness, timeliness of entry, inactive records) per project, with the records to fix.",
  },
  {
    kind: 'access-audit',
    name: 'Access audit',
    description: 'Who viewed or changed a client, or which clients a user viewed or changed, between two times.',
  },
];

export const isReportKind = (k: string): k is ReportKind => (REPORT_KINDS as readonly string[]).includes(k);
