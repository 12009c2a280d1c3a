/**
 * Complete HUD answers for demo stage records: what the data collection definition asks of this member
 * at this stage (a child's record holds health insurance and disabilities only), so every demo
 * enrollment's data-quality panel reads as a careful case manager would leave it.
 */
import type { Tx } from '../data/db.ts';
import { HUD_DATA_COLLECTION, STAGE_OF_CODE, memberRole, startingAnswers, type MemberFacts } from '../domain/data-collection/index.ts';
import { newId } from '../domain/ids.ts';
import { stagedColumns, type StagedData } from '../usecases/enrollments/common.ts';

export interface DemoAnswers {
  /** Monthly SSI (0: no income). */
  income?: number;
  /** A disabling mental health disorder (3.08 "Yes"). */
  disabling?: boolean;
  survivor?: boolean;
  /** The CoC question on pets (config/forms/hud-data-collection.json): "none" unless given. */
  pets?: string;
  /** The optional CoC question on the preferred language. */
  language?: string;
}

export function demoStagedAnswers(member: MemberFacts, projectType: number, stage: number, a: DemoAnswers = {}): StagedData {
  const income = a.income ?? 0;
  const full: StagedData = {
    incomeFromAnySource: income > 0 ? 1 : 0,
    ...(income > 0 ? { incomeSources: { SSI: income } } : {}),
    benefitsFromAnySource: 1,
    benefits: ['SNAP'],
    insuranceFromAnySource: 1,
    insurance: ['Medicaid'],
    disabilities: [5, 6, 7, 8, 9, 10].map((t) => (t === 9 && a.disabling ? { disabilityType: t, disabilityResponse: 1, indefiniteAndImpairs: 1 } : { disabilityType: t, disabilityResponse: 0 })),
    domesticViolenceSurvivor: a.survivor ? 1 : 0,
    ...(a.survivor ? { whenOccurred: 4, currentlyFleeing: 0 } : {}),
    custom: { petsInHousehold: a.pets ?? 'none', ...(a.language ? { preferredLanguage: a.language } : {}) },
  };
  return startingAnswers(HUD_DATA_COLLECTION, { stage: STAGE_OF_CODE[stage]!, role: memberRole(member), projectType }, full as Record<string, unknown>) as StagedData;
}

/** Inserts one stage record with the answers the definition asks of this member. */
export async function insertDemoStageRecord(
  tx: Tx,
  r: { enrollmentId: string; clientId: string; member: MemberFacts; projectType: number; stage: number; date: string; at: Date; by: string | null },
  a: DemoAnswers = {},
): Promise<void> {
  await tx
    .insertInto('enrollment_assessments')
    .values({
      id: newId(),
      enrollment_id: r.enrollmentId,
      client_id: r.clientId,
      data_collection_stage: r.stage,
      information_date: r.date,
      ...stagedColumns(demoStagedAnswers(r.member, r.projectType, r.stage, a)),
      created_at: r.at,
      created_by: r.by,
      updated_at: r.at,
      updated_by: r.by,
    })
    .execute();
}
