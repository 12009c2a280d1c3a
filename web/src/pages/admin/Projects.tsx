import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { patch, post } from '../../api.ts';
import { usePageTitle, useResource } from '../../hooks.ts';
import type { Agency, Funder, Project } from '../../types.ts';
import { CheckField, ErrorSummary, errorsOf, NumberField, SelectField, TextField, YesNoField, type Errors } from './form.tsx';
import { HUD_OPTIONS, labelOf, POPULATIONS, PROGRAM_MODELS } from './hud.ts';
import type { CeParticipation, HmisParticipation, Inventory, ProjectCoc, ProjectDetail } from './model.ts';
import { cocToday } from '../../format.ts';

export function AdminProjectsPage() {
  const heading = usePageTitle('Project setup');
  const projects = useResource<{ items: Project[] }>('/api/v1/projects');
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const agencyName = (id: string) => agencies.data?.items.find((a) => a.id === id)?.name ?? '';
  const canCreate = agencies.data?.items.some((a) => a.capabilities.canEdit) ?? false;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Project setup
      </h1>
      {canCreate && (
        <p className="actions">
          <Link to="/admin/projects/new">New project</Link>
        </p>
      )}
      {projects.error && (
        <p role="alert" className="error">
          {projects.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Projects and their HUD descriptors</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Number</th>
              <th scope="col">Agency</th>
              <th scope="col">HUD type</th>
              <th scope="col">Program model</th>
              <th scope="col">Receives referrals</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {projects.data?.items.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.hmisProjectNumber}</td>
                <td>{agencyName(p.agencyId)}</td>
                <td>{labelOf(HUD_OPTIONS.projectType, p.projectType)}</td>
                <td>{p.programModel}</td>
                <td>{p.receivesReferrals ? 'Yes' : 'No'}</td>
                <td>
                  <Link to={`/admin/projects/${p.id}`} aria-label={`${p.capabilities.canEdit ? 'Edit' : 'View'} ${p.name}`}>
                    {p.capabilities.canEdit ? 'Edit' : 'View'}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const emptyDraft = (): Draft => ({
  agencyId: '',
  name: '',
  hmisProjectNumber: '',
  projectType: null,
  rrhSubtype: null,
  housingType: null,
  targetPopulation: 4,
  operatingStart: cocToday(),
  operatingEnd: null,
  continuumProject: true,
  programModel: '',
  populations: [],
  receivesReferrals: false,
  funders: [],
  cocs: [{ cocCode: 'XX-999', geocode: '', address1: null, address2: null, city: null, state: null, zip: null, geographyType: null }],
  inventory: [],
  hmisParticipation: [{ participationType: 1, startDate: cocToday(), endDate: null }],
  ceParticipation: [],
});

type FunderDraft = Omit<Funder, 'id' | 'funder'> & { funder: number | null };
interface Draft {
  agencyId: string;
  name: string;
  hmisProjectNumber: string | null;
  projectType: number | null;
  rrhSubtype: number | null;
  housingType: number | null;
  targetPopulation: number | null;
  operatingStart: string;
  operatingEnd: string | null;
  continuumProject: boolean;
  programModel: string;
  populations: string[];
  receivesReferrals: boolean;
  funders: FunderDraft[];
  cocs: ProjectCoc[];
  inventory: Inventory[];
  hmisParticipation: HmisParticipation[];
  ceParticipation: CeParticipation[];
}

const strip = <T extends { id?: string }>(rows: T[]) => rows.map(({ id: _id, ...rest }) => rest);
const fromDetail = (p: ProjectDetail): Draft => ({
  agencyId: p.agencyId,
  name: p.name,
  hmisProjectNumber: p.hmisProjectNumber,
  projectType: p.projectType,
  rrhSubtype: p.rrhSubtype,
  housingType: p.housingType,
  targetPopulation: p.targetPopulation,
  operatingStart: p.operatingStart,
  operatingEnd: p.operatingEnd,
  continuumProject: p.continuumProject,
  programModel: p.programModel,
  populations: p.populations,
  receivesReferrals: p.receivesReferrals,
  funders: strip(p.funders),
  cocs: strip(p.cocs),
  inventory: strip(p.inventory),
  hmisParticipation: strip(p.hmisParticipation),
  ceParticipation: strip(p.ceParticipation),
});

/** The request body: empty text becomes null; receivesReferrals only without CE participation. */
function toBody(d: Draft) {
  const nul = (s: string | null) => (s === null || s.trim() === '' ? null : s.trim());
  const { receivesReferrals, ...rest } = d;
  return {
    ...rest,
    hmisProjectNumber: nul(d.hmisProjectNumber),
    operatingEnd: nul(d.operatingEnd),
    ...(d.ceParticipation.length === 0 ? { receivesReferrals } : {}),
    funders: d.funders.map((f) => ({ ...f, otherFunder: nul(f.otherFunder), endDate: nul(f.endDate) })),
    cocs: d.cocs.map((c) => ({ ...c, address1: nul(c.address1), address2: nul(c.address2), city: nul(c.city), state: nul(c.state), zip: nul(c.zip) })),
    inventory: d.inventory.map((i) => ({ ...i, endDate: nul(i.endDate) })),
    hmisParticipation: d.hmisParticipation.map((h) => ({ ...h, endDate: nul(h.endDate) })),
    ceParticipation: d.ceParticipation.map((c) => ({ ...c, endDate: nul(c.endDate) })),
  };
}

const BED_FIELDS: [keyof Inventory, string][] = [
  ['chVetBedInventory', 'Chronically homeless veteran beds (2.07.7)'],
  ['youthVetBedInventory', 'Youth veteran beds (2.07.8)'],
  ['vetBedInventory', 'Other veteran beds (2.07.9)'],
  ['chYouthBedInventory', 'Chronically homeless youth beds (2.07.10)'],
  ['youthBedInventory', 'Other youth beds (2.07.11)'],
  ['chBedInventory', 'Other chronically homeless beds (2.07.12)'],
  ['otherBedInventory', 'All other beds (2.07.13)'],
];

export function AdminProjectEditPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const location = useLocation();
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const detail = useResource<ProjectDetail>(isNew ? null : `/api/v1/projects/${id}`);
  const agencies = useResource<{ items: Agency[] }>('/api/v1/agencies');
  const title = isNew ? 'New project' : detail.data ? `Project: ${detail.data.name}` : 'Project';
  const heading = usePageTitle(title);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p>
        <Link to="/admin/projects">Back to project setup</Link>
      </p>
      {detail.error && (
        <p role="alert" className="error">
          {detail.error.message}
        </p>
      )}
      {agencies.data && (isNew || detail.data) && (
        <ProjectForm
          key={detail.data ? `${detail.data.id}-${detail.data.version}` : 'new'}
          project={detail.data ?? null}
          agencies={agencies.data.items.filter((a) => a.capabilities.canEdit || a.id === detail.data?.agencyId)}
          onSaved={detail.reload}
          initialNotice={justCreated ? 'Project created.' : null}
        />
      )}
    </>
  );
}

function ProjectForm({ project, agencies, onSaved, initialNotice }: { project: ProjectDetail | null; agencies: Agency[]; onSaved: () => void; initialNotice: string | null }) {
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>(() => (project ? fromDetail(project) : { ...emptyDraft(), agencyId: agencies.find((a) => a.capabilities.canEdit)?.id ?? '' }));
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Errors>({});
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [busy, setBusy] = useState(false);
  const readOnly = project !== null && !project.capabilities.canEdit;
  const P = 'project';
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setRow = <K extends 'funders' | 'cocs' | 'inventory' | 'hmisParticipation' | 'ceParticipation'>(k: K, i: number, change: Partial<Draft[K][number]>) =>
    setD((x) => ({ ...x, [k]: (x[k] as object[]).map((r, j) => (j === i ? { ...r, ...change } : r)) }));
  const removeRow = (k: 'funders' | 'cocs' | 'inventory' | 'hmisParticipation' | 'ceParticipation', i: number) =>
    setD((x) => ({ ...x, [k]: (x[k] as object[]).filter((_, j) => j !== i) }));
  const f = { prefix: P, errors: fields };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    setNotice(null);
    try {
      if (project) {
        await patch(`/api/v1/projects/${project.id}`, { ...toBody(d), version: project.version });
        setNotice('Project saved.');
        onSaved();
      } else {
        const created = await post<ProjectDetail>('/api/v1/projects', toBody(d));
        navigate(`/admin/projects/${created.id}`, { state: { created: true } });
      }
    } catch (err) {
      const p = errorsOf(err);
      setError(p.message);
      setFields(p.fields);
    } finally {
      setBusy(false);
    }
  }

  const residential = d.projectType !== null && [0, 1, 2, 3, 8, 9, 10, 13].includes(d.projectType);
  const es = d.projectType === 0 || d.projectType === 1;
  return (
    <form onSubmit={submit} noValidate className="project-form" aria-label="Project descriptors">
      <ErrorSummary message={error} fields={fields} prefix={P} />
      <p role="status" className="success">
        {notice ?? ''}
      </p>
      <fieldset className="card" disabled={readOnly}>
        <legend>Project (2.02)</legend>
        <div className="grid-2">
          <SelectField<string> {...f} pointer="/agencyId" label="Agency" value={d.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} onChange={(v) => set('agencyId', v ?? '')} empty="Choose an agency" />
          <TextField {...f} pointer="/name" label="Project name (2.02.2)" value={d.name} onChange={(v) => set('name', v)} required />
          <TextField {...f} pointer="/hmisProjectNumber" label="HMIS project number" value={d.hmisProjectNumber} onChange={(v) => set('hmisProjectNumber', v)} />
          <SelectField {...f} pointer="/projectType" label="Project type (2.02.6)" value={d.projectType} options={HUD_OPTIONS.projectType} onChange={(v) => set('projectType', v)} empty="Choose a type" />
          <SelectField {...f} pointer="/rrhSubtype" label="RRH sub-type (2.02.A)" hint="Only for Rapid Re-Housing (type 13)." value={d.rrhSubtype} options={HUD_OPTIONS.rrhSubtype} onChange={(v) => set('rrhSubtype', v)} empty="Not applicable" />
          <SelectField {...f} pointer="/housingType" label="Housing type (2.02.D)" value={d.housingType} options={HUD_OPTIONS.housingType} onChange={(v) => set('housingType', v)} empty="Not applicable" />
          <SelectField {...f} pointer="/targetPopulation" label="Target population (2.02.7)" value={d.targetPopulation} options={HUD_OPTIONS.targetPopulation} onChange={(v) => set('targetPopulation', v)} empty="Not recorded" />
          <SelectField<string> {...f} pointer="/programModel" label="Program model" value={d.programModel} options={PROGRAM_MODELS.map((m) => ({ value: m, label: m }))} onChange={(v) => set('programModel', v ?? '')} empty="Choose a model" />
          <TextField {...f} pointer="/operatingStart" type="date" label="Operating start date (2.02.3)" value={d.operatingStart} onChange={(v) => set('operatingStart', v)} required />
          <TextField {...f} pointer="/operatingEnd" type="date" label="Operating end date (2.02.4)" value={d.operatingEnd} onChange={(v) => set('operatingEnd', v)} />
        </div>
        <CheckField label="Continuum project (2.02.5)" checked={d.continuumProject} onChange={(v) => set('continuumProject', v)} />
        <fieldset className="inline-group">
          <legend>Populations served</legend>
          {POPULATIONS.map((p, i) => (
            <CheckField
              key={p}
              label={p[0]!.toUpperCase() + p.slice(1)}
              checked={d.populations.includes(p)}
              error={fields[`/populations/${i}`]}
              onChange={(on) => set('populations', on ? [...d.populations, p] : d.populations.filter((x) => x !== p))}
            />
          ))}
        </fieldset>
        {d.ceParticipation.length === 0 ? (
          <CheckField label="Receives Coordinated Entry referrals" checked={d.receivesReferrals} onChange={(v) => set('receivesReferrals', v)} error={fields['/receivesReferrals']} />
        ) : (
          <p className="hint">Receives CE referrals: {d.ceParticipation.length > 0 && project?.receivesReferrals ? 'yes' : 'no'} — follows the CE participation record current today.</p>
        )}
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Funders (2.06)</legend>
        {d.funders.map((fu, i) => (
          <fieldset key={i} className="row-group">
            <legend>Funder {i + 1}</legend>
            <div className="grid-2">
              <SelectField {...f} pointer={`/funders/${i}/funder`} label="Funding source (2.06.1)" value={fu.funder} options={HUD_OPTIONS.funder} onChange={(v) => setRow('funders', i, { funder: v })} empty="Choose a funder" />
              <TextField {...f} pointer={`/funders/${i}/otherFunder`} label="Other funder (2.06.A)" hint="Only for “Local or Other Funding Source”." value={fu.otherFunder} onChange={(v) => setRow('funders', i, { otherFunder: v })} />
              <TextField {...f} pointer={`/funders/${i}/grantId`} label="Grant ID (2.06.2)" value={fu.grantId} onChange={(v) => setRow('funders', i, { grantId: v })} required />
              <TextField {...f} pointer={`/funders/${i}/startDate`} type="date" label="Grant start date (2.06.3)" value={fu.startDate} onChange={(v) => setRow('funders', i, { startDate: v })} required />
              <TextField {...f} pointer={`/funders/${i}/endDate`} type="date" label="Grant end date (2.06.4)" value={fu.endDate} onChange={(v) => setRow('funders', i, { endDate: v })} />
            </div>
            <button type="button" className="secondary" onClick={() => removeRow('funders', i)}>
              Remove funder {i + 1}
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => set('funders', [...d.funders, { funder: null, otherFunder: null, grantId: '', startDate: cocToday(), endDate: null }])}>
          Add funder
        </button>
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>CoC codes and geography (2.03)</legend>
        {d.cocs.map((c, i) => (
          <fieldset key={i} className="row-group">
            <legend>CoC {i + 1}</legend>
            <div className="grid-2">
              <TextField {...f} pointer={`/cocs/${i}/cocCode`} label="CoC code (2.03.1)" hint="Like XX-999." value={c.cocCode} onChange={(v) => setRow('cocs', i, { cocCode: v.toUpperCase() })} required />
              <TextField {...f} pointer={`/cocs/${i}/geocode`} label="Geocode (2.03.2)" hint="6 digits." value={c.geocode} onChange={(v) => setRow('cocs', i, { geocode: v })} required />
              <TextField {...f} pointer={`/cocs/${i}/address1`} label="Address line 1 (2.03.3)" value={c.address1} onChange={(v) => setRow('cocs', i, { address1: v })} />
              <TextField {...f} pointer={`/cocs/${i}/address2`} label="Address line 2" value={c.address2} onChange={(v) => setRow('cocs', i, { address2: v })} />
              <TextField {...f} pointer={`/cocs/${i}/city`} label="City" value={c.city} onChange={(v) => setRow('cocs', i, { city: v })} />
              <TextField {...f} pointer={`/cocs/${i}/state`} label="State" hint="Two letters, e.g. IL." value={c.state} onChange={(v) => setRow('cocs', i, { state: v.toUpperCase() })} />
              <TextField {...f} pointer={`/cocs/${i}/zip`} label="ZIP code" value={c.zip} onChange={(v) => setRow('cocs', i, { zip: v })} />
              <SelectField {...f} pointer={`/cocs/${i}/geographyType`} label="Geography type (2.03.4)" value={c.geographyType} options={HUD_OPTIONS.geographyType} onChange={(v) => setRow('cocs', i, { geographyType: v })} empty="Not recorded" />
            </div>
            <button type="button" className="secondary" onClick={() => removeRow('cocs', i)}>
              Remove CoC {i + 1}
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => set('cocs', [...d.cocs, { cocCode: '', geocode: '', address1: null, address2: null, city: null, state: null, zip: null, geographyType: null }])}>
          Add CoC code
        </button>
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Inventory (2.07)</legend>
        {fields['/inventory'] && (
          <p id="project-inventory" className="field-error">
            {fields['/inventory']}
          </p>
        )}
        {!residential && d.inventory.length === 0 && <p className="hint">Only residential projects (ES, TH, Safe Haven, PH, RRH) have an inventory.</p>}
        {d.inventory.map((inv, i) => (
          <fieldset key={i} className="row-group">
            <legend>Inventory record {i + 1}</legend>
            <div className="grid-2">
              <TextField {...f} pointer={`/inventory/${i}/cocCode`} label="CoC code (2.07.3)" value={inv.cocCode} onChange={(v) => setRow('inventory', i, { cocCode: v.toUpperCase() })} required />
              <SelectField {...f} pointer={`/inventory/${i}/householdType`} label="Household type (2.07.4)" value={inv.householdType} options={HUD_OPTIONS.householdType} onChange={(v) => setRow('inventory', i, { householdType: v })} empty="Choose" />
              <SelectField {...f} pointer={`/inventory/${i}/availability`} label="Availability (2.07.6)" hint="Emergency shelters only." value={inv.availability} options={HUD_OPTIONS.availability} onChange={(v) => setRow('inventory', i, { availability: v })} empty="Not applicable" />
              <SelectField {...f} pointer={`/inventory/${i}/esBedType`} label="ES bed type (2.07.5)" hint="Emergency shelters only." value={inv.esBedType} options={HUD_OPTIONS.esBedType} onChange={(v) => setRow('inventory', i, { esBedType: v })} empty="Not applicable" />
              <NumberField {...f} pointer={`/inventory/${i}/unitInventory`} label="Units (2.07.15)" value={inv.unitInventory} onChange={(v) => setRow('inventory', i, { unitInventory: v })} required />
              <NumberField {...f} pointer={`/inventory/${i}/bedInventory`} label="Beds (2.07.14)" hint="The total of the beds by category below, when given." value={inv.bedInventory} onChange={(v) => setRow('inventory', i, { bedInventory: v })} required />
              {BED_FIELDS.map(([k, label]) => (
                <NumberField key={k} {...f} pointer={`/inventory/${i}/${k}`} label={label} value={inv[k] as number | null} onChange={(v) => setRow('inventory', i, { [k]: v })} />
              ))}
              <TextField {...f} pointer={`/inventory/${i}/startDate`} type="date" label="Inventory start date (2.07.1)" value={inv.startDate} onChange={(v) => setRow('inventory', i, { startDate: v })} required />
              <TextField {...f} pointer={`/inventory/${i}/endDate`} type="date" label="Inventory end date (2.07.2)" value={inv.endDate} onChange={(v) => setRow('inventory', i, { endDate: v })} />
            </div>
            <button type="button" className="secondary" onClick={() => removeRow('inventory', i)}>
              Remove inventory record {i + 1}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('inventory', [
              ...d.inventory,
              {
                cocCode: d.cocs[0]?.cocCode ?? '',
                householdType: null,
                availability: es ? 1 : null,
                unitInventory: null,
                bedInventory: null,
                chVetBedInventory: null,
                youthVetBedInventory: null,
                vetBedInventory: null,
                chYouthBedInventory: null,
                youthBedInventory: null,
                chBedInventory: null,
                otherBedInventory: null,
                esBedType: es ? 1 : null,
                startDate: d.operatingStart,
                endDate: null,
              },
            ])
          }
        >
          Add inventory record
        </button>
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>HMIS participation (2.08)</legend>
        {d.hmisParticipation.map((h, i) => (
          <fieldset key={i} className="row-group">
            <legend>HMIS participation period {i + 1}</legend>
            <div className="grid-2">
              <SelectField {...f} pointer={`/hmisParticipation/${i}/participationType`} label="Participation type (2.08.1)" value={h.participationType} options={HUD_OPTIONS.hmisParticipationType} onChange={(v) => setRow('hmisParticipation', i, { participationType: v })} empty="Choose" />
              <TextField {...f} pointer={`/hmisParticipation/${i}/startDate`} type="date" label="Start date (2.08.2)" value={h.startDate} onChange={(v) => setRow('hmisParticipation', i, { startDate: v })} required />
              <TextField {...f} pointer={`/hmisParticipation/${i}/endDate`} type="date" label="End date (2.08.3)" value={h.endDate} onChange={(v) => setRow('hmisParticipation', i, { endDate: v })} />
            </div>
            <button type="button" className="secondary" onClick={() => removeRow('hmisParticipation', i)}>
              Remove HMIS participation period {i + 1}
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => set('hmisParticipation', [...d.hmisParticipation, { participationType: 1, startDate: cocToday(), endDate: null }])}>
          Add HMIS participation period
        </button>
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Coordinated Entry participation (2.09)</legend>
        {d.ceParticipation.map((c, i) => (
          <fieldset key={i} className="row-group">
            <legend>CE participation period {i + 1}</legend>
            <div className="grid-2">
              <YesNoField {...f} pointer={`/ceParticipation/${i}/accessPoint`} label="Access point (2.09.1)" value={c.accessPoint} onChange={(v) => setRow('ceParticipation', i, { accessPoint: v ?? false })} required />
              <YesNoField {...f} pointer={`/ceParticipation/${i}/receivesReferrals`} label="Receives referrals (2.09.3)" value={c.receivesReferrals} onChange={(v) => setRow('ceParticipation', i, { receivesReferrals: v ?? false })} required />
              <YesNoField {...f} pointer={`/ceParticipation/${i}/preventionAssessment`} label="Prevention assessment" value={c.preventionAssessment} onChange={(v) => setRow('ceParticipation', i, { preventionAssessment: v })} />
              <YesNoField {...f} pointer={`/ceParticipation/${i}/crisisAssessment`} label="Crisis assessment" value={c.crisisAssessment} onChange={(v) => setRow('ceParticipation', i, { crisisAssessment: v })} />
              <YesNoField {...f} pointer={`/ceParticipation/${i}/housingAssessment`} label="Housing assessment" value={c.housingAssessment} onChange={(v) => setRow('ceParticipation', i, { housingAssessment: v })} />
              <YesNoField {...f} pointer={`/ceParticipation/${i}/directServices`} label="Direct services" value={c.directServices} onChange={(v) => setRow('ceParticipation', i, { directServices: v })} />
              <TextField {...f} pointer={`/ceParticipation/${i}/startDate`} type="date" label="Start date" value={c.startDate} onChange={(v) => setRow('ceParticipation', i, { startDate: v })} required />
              <TextField {...f} pointer={`/ceParticipation/${i}/endDate`} type="date" label="End date" value={c.endDate} onChange={(v) => setRow('ceParticipation', i, { endDate: v })} />
            </div>
            <button type="button" className="secondary" onClick={() => removeRow('ceParticipation', i)}>
              Remove CE participation period {i + 1}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('ceParticipation', [
              ...d.ceParticipation,
              { accessPoint: false, receivesReferrals: d.receivesReferrals, preventionAssessment: null, crisisAssessment: null, housingAssessment: null, directServices: null, startDate: cocToday(), endDate: null },
            ])
          }
        >
          Add CE participation period
        </button>
      </fieldset>

      {!readOnly && (
        <div className="actions">
          <button type="submit" disabled={busy}>
            {project ? 'Save project' : 'Create project'}
          </button>
        </div>
      )}
    </form>
  );
}
