import { describe, expect, test } from 'vitest';
import { departmentOfUnit, draftsFromComplaint } from '../../src/domain/service/derived-drafts.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import { cny, complaintFiling } from './support.js';

const closedComplaint = (decision: Record<string, unknown>): AftersalesDocument => ({
  id: 'c1', kind: 'complaint', number: '2611-007', status: 'closed', formVersion: 1,
  data: { ...complaintFiling(), qa: { cause: 'labelling', responsibleUnit: '包装组' }, decision },
  links: [], deadlines: [], revision: 12, createdAt: '2026-11-03T01:00:00Z', updatedAt: '2026-11-14T01:00:00Z', createdBy: 'u-sales',
});

describe('what a closed complaint leads to', () => {
  test('not substantiated: nothing (normal collection of receivables)', () => {
    expect(draftsFromComplaint(closedComplaint({ outcome: 'not-substantiated', amount: cny(0) }))).toEqual([]);
  });

  test('a decision the customer rejected leads to nothing: no certificate, no slip, no penalty, until the new complaint closes', () => {
    const responsibility = [{ unit: 'manufacturing', ratioPercent: 100, persons: [{ employeeId: 'E1', name: '张伟' }] }];
    const rejected = closedComplaint({ outcome: 'allowance', amount: cny(300_000), responsibility });
    rejected.data.result = { customerAccepted: false, note: '客户不接受折让' };
    expect(draftsFromComplaint(rejected)).toEqual([]);
    rejected.data.result = { customerAccepted: true };
    expect(draftsFromComplaint(rejected).map((d) => d.kind)).toEqual(['allowance-certificate', 'penalty-notice']);
  });

  test('rework: a return slip for the decided quantity; compensation: an allowance certificate', () => {
    expect(draftsFromComplaint(closedComplaint({ outcome: 'rework', quantity: 12, amount: cny(72_000) }))).toMatchObject([
      { kind: 'return-slip', data: { handling: 'rework', approvedQuantity: 12, basisComplaintNumber: '2611-007', items: [{ quantity: 12, itemNumber: 'PCB-4L-2231' }] } },
    ]);
    expect(draftsFromComplaint(closedComplaint({ outcome: 'compensation', amount: cny(50_000) }))).toMatchObject([
      { kind: 'allowance-certificate', data: { kind: 'compensation', amount: cny(50_000), customer: { id: '10100001', name: '华东机电有限公司' } } },
    ]);
  });

  test('one penalty notice per responsible unit with persons, sharing the loss by the decided ratios', () => {
    const drafts = draftsFromComplaint(
      closedComplaint({
        outcome: 'allowance',
        amount: cny(100_001),
        responsibility: [
          { unit: 'manufacturing', ratioPercent: 70, persons: [{ employeeId: 'E1', name: '张伟' }] },
          { unit: '业务部门', ratioPercent: 30, persons: [{ employeeId: 'E2', name: '李娜' }, { employeeId: 'E3', name: '王芳' }] },
        ],
      }),
    ).filter((d) => d.kind === 'penalty-notice');
    expect(drafts.map((d) => [d.data.penalisedDepartment, d.data.faultType, d.data.loss])).toEqual([
      ['manufacturing', 'individual', cny(70_001)],
      ['sales', 'joint', cny(30_000)],
    ]);
    expect(drafts[0]!.data.causeCode).toBe('labelling');
  });

  test('a unit without named persons still gets its notice, for the GM office to list its members; the shares are exact to the fen', () => {
    const split = (secondUnitPersons: { employeeId: string; name: string }[]) =>
      draftsFromComplaint(
        closedComplaint({
          outcome: 'allowance',
          amount: cny(100_001),
          responsibility: [
            { unit: 'manufacturing', ratioPercent: 70, persons: [{ employeeId: 'E1', name: '张伟' }] },
            { unit: '质量管理部', ratioPercent: 30, persons: secondUnitPersons },
          ],
        }),
      )
        .filter((d) => d.kind === 'penalty-notice')
        .map((d) => [d.data.responsibleUnit, d.data.loss]);
    // 70 % of 1,000.01 yuan is 700.007: the fen left over goes to the larger remainder, as when every unit names persons.
    expect(split([{ employeeId: 'E9', name: '周敏' }])).toEqual([['manufacturing', cny(70_001)], ['质量管理部', cny(30_000)]]);
    expect(split([])).toEqual([['manufacturing', cny(70_001)], ['质量管理部', cny(30_000)]]);
  });

  test('a unit names a department by id or by its name in either language', () => {
    expect(departmentOfUnit('accounting')).toBe('accounting');
    expect(departmentOfUnit('制造部门')).toBe('manufacturing');
    expect(departmentOfUnit('quality dept.')).toBe('qa');
    expect(departmentOfUnit('制造二科 阻焊组')).toBeUndefined();
    expect(departmentOfUnit('constructor')).toBeUndefined();
  });
});
