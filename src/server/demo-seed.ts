/**
 * The first run's demo data: the demo approval matrix and one document of each form from the
 * Chinese samples, with one complaint walked all the way to closed so every department's inbox
 * (accounting's copy 4 included) has something to pull.
 */
import type { Aftersales } from '../domain/aftersales-api.js';
import { DEFAULT_APPROVAL_MATRIX } from '../domain/approval/approval-matrix.js';
import type { AftersalesDocument } from '../domain/document.js';
import { FORM_KINDS, type Actor } from '../domain/vocabulary.js';
import { workflows } from '../forms/workflows.js';
import { formSamples } from '../forms/definitions.js';
import { CREATORS } from '../domain/permissions/permission-table.js';
import type { ApiKeys } from './api-keys.js';
import { walkToFinal } from './workflow-walk.js';

/**
 * What {@link seedDemo} created.
 *
 * @example
 * seeded.documents.map((d) => `${d.kind} ${d.number} ${d.status}`);
 */
export interface DemoSeedResult {
  documents: Pick<AftersalesDocument, 'id' | 'kind' | 'number' | 'status'>[];
}

/**
 * Seeds the demo matrix and documents when the store has no documents yet; does nothing otherwise.
 *
 * @example
 * const seeded = await seedDemo(aftersales, keys);
 */
export async function seedDemo(aftersales: Aftersales, keys: ApiKeys): Promise<DemoSeedResult | undefined> {
  if ((await aftersales.documents.list({ limit: 1 })).items.length > 0) return undefined;
  const actors: Actor[] = Object.values(keys);
  const admin = actors.find((a) => a.roles.includes('admin'));
  if (admin) await aftersales.approvalMatrix.set(DEFAULT_APPROVAL_MATRIX, admin);
  const documents: AftersalesDocument[] = [];
  for (const kind of FORM_KINDS) {
    const creators = workflows[kind].createRoles ?? CREATORS[kind];
    const creator = actors.find((a) => a.roles.some((r) => creators.includes(r)));
    if (!creator) continue;
    documents.push(await aftersales.documents.create(kind, { data: structuredClone(formSamples[kind]) }, creator, { idempotencyKey: `demo-seed-${kind}` }));
  }
  const first = documents.find((d) => d.kind === 'complaint');
  if (first) {
    const closed = await walkToFinal({
      workflow: workflows.complaint,
      document: first,
      actors,
      act: (id, action, input, actor) => aftersales.documents.act(id, action, input, actor),
    });
    documents[documents.indexOf(first)] = closed;
  }
  return { documents: documents.map(({ id, kind, number, status }) => ({ id, kind, number, status })) };
}
