/**
 * Copy routing: when a document reaches a state, the copies whose routes name that state land
 * in the departments' inboxes — not before (an accountant never sees an undecided complaint).
 */
import type { AftersalesDocument, InboxEntry } from '../document.js';
import type { FormDefinition } from '../form-definition.js';
import { readPointer } from '../workflow/data-merge.js';

/**
 * The department a route names: fixed, or read from the document (`{ field: '/penalisedDepartment' }`).
 *
 * @example
 * routeDepartment({ field: '/penalisedDepartment' }, doc); // 'manufacturing'
 */
export function routeDepartment(department: string | { field: string }, doc: AftersalesDocument): string | undefined {
  if (typeof department === 'string') return department;
  const pointer = department.field.startsWith('/') ? department.field : '/' + department.field.split('.').join('/');
  const value = readPointer(doc.data, pointer);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * The inbox entries a document produces on reaching `state`.
 *
 * @example
 * copyDeliveries(complaintDefinition, closedComplaint, 'closed', now); // five entries, one per department
 */
export function copyDeliveries(definition: FormDefinition, doc: AftersalesDocument, state: string, at: string): Omit<InboxEntry, 'seq'>[] {
  const entries: Omit<InboxEntry, 'seq'>[] = [];
  for (const copy of definition.copies) {
    for (const route of copy.routes) {
      if (route.onState !== state) continue;
      const department = routeDepartment(route.department, doc);
      if (!department) continue;
      entries.push({ department, documentId: doc.id, kind: doc.kind, number: doc.number, copyNumber: copy.number, formVersion: doc.formVersion, at });
    }
  }
  return entries;
}
