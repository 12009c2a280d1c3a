import type { Tx } from '../data/db.ts';
import { newId } from '../domain/ids.ts';
import type { DemoIds } from './seed.ts';

/**
 * The demo projects' HUD descriptors beyond the project row: CoC XX-999 with a geocode and address
 * (2.03), inventory for the residential projects (2.07), HMIS participation (2.08) and CE
 * participation (2.09: the CE project 1474 is the access point, the referral-receiving projects
 * receive referrals). Deterministic.
 */
const COC = 'XX-999';
const GEOCODE = '179031'; // Chicago

const DETAILS: Record<
  string,
  { address: string; zip: string; inventory: { householdType: number; units: number; beds: number; split: Partial<Record<'chBedInventory' | 'vetBedInventory' | 'youthBedInventory' | 'otherBedInventory', number>>; availability?: number; esBedType?: number }[]; ce: { accessPoint: boolean; receivesReferrals: boolean; housingAssessment?: boolean } }
> = {
  'northside-psh': { address: '4700 N Broadway', zip: '60640', inventory: [{ householdType: 1, units: 40, beds: 40, split: { chBedInventory: 30, otherBedInventory: 10 } }], ce: { accessPoint: false, receivesReferrals: true } },
  'northside-rrh': {
    address: '4700 N Broadway',
    zip: '60640',
    inventory: [
      { householdType: 1, units: 15, beds: 15, split: { otherBedInventory: 15 } },
      { householdType: 3, units: 10, beds: 32, split: { otherBedInventory: 32 } },
    ],
    ce: { accessPoint: false, receivesReferrals: true },
  },
  'northside-es': { address: '4711 N Sheridan Rd', zip: '60640', inventory: [{ householdType: 1, units: 60, beds: 60, split: { otherBedInventory: 60 }, availability: 1, esBedType: 1 }], ce: { accessPoint: false, receivesReferrals: false } },
  'lakeshore-psh': { address: '6400 S Lake Shore Dr', zip: '60649', inventory: [{ householdType: 3, units: 24, beds: 80, split: { chBedInventory: 20, otherBedInventory: 60 } }], ce: { accessPoint: false, receivesReferrals: true } },
  'lakeshore-sh': { address: '6410 S Stony Island Ave', zip: '60637', inventory: [{ householdType: 1, units: 12, beds: 12, split: { chBedInventory: 8, vetBedInventory: 4 } }], ce: { accessPoint: false, receivesReferrals: true } },
  ce: { address: '69 W Washington St', zip: '60602', inventory: [], ce: { accessPoint: true, receivesReferrals: false, housingAssessment: true } },
};

export async function loadOrganisationDetails(tx: Tx, ids: DemoIds, now: Date): Promise<void> {
  for (const [key, d] of Object.entries(DETAILS)) {
    const projectId = ids.projects[key];
    if (!projectId) continue;
    await tx
      .insertInto('project_cocs')
      .values({ id: newId(), project_id: projectId, coc_code: COC, geocode: GEOCODE, address1: d.address, address2: null, city: 'Chicago', state: 'IL', zip: d.zip, geography_type: 1, created_at: now, updated_at: now })
      .execute();
    for (const inv of d.inventory) {
      await tx
        .insertInto('project_inventory')
        .values({
          id: newId(),
          project_id: projectId,
          coc_code: COC,
          household_type: inv.householdType,
          availability: inv.availability ?? null,
          unit_inventory: inv.units,
          bed_inventory: inv.beds,
          ch_vet_bed_inventory: null,
          youth_vet_bed_inventory: null,
          vet_bed_inventory: inv.split.vetBedInventory ?? null,
          ch_youth_bed_inventory: null,
          youth_bed_inventory: inv.split.youthBedInventory ?? null,
          ch_bed_inventory: inv.split.chBedInventory ?? null,
          other_bed_inventory: inv.split.otherBedInventory ?? null,
          es_bed_type: inv.esBedType ?? null,
          start_date: '2020-01-01',
          end_date: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await tx
      .insertInto('project_hmis_participation')
      .values({ id: newId(), project_id: projectId, participation_type: 1, start_date: '2020-01-01', end_date: null, created_at: now, updated_at: now })
      .execute();
    if (d.ce.accessPoint || d.ce.receivesReferrals) {
      await tx
        .insertInto('project_ce_participation')
        .values({
          id: newId(),
          project_id: projectId,
          access_point: d.ce.accessPoint,
          prevention_assessment: d.ce.accessPoint ? false : null,
          crisis_assessment: d.ce.accessPoint ? true : null,
          housing_assessment: d.ce.housingAssessment ?? null,
          direct_services: d.ce.accessPoint ? false : null,
          receives_referrals: d.ce.receivesReferrals,
          start_date: '2020-01-01',
          end_date: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
}
