import { describe, expect, it } from 'vitest';
import { toInstanceInfo } from '../../../src/providers/huawei-rds/instances.js';
import { listInstancesEnvelopeSchema } from '../../../src/providers/huawei-rds/schema.js';
import { fixtureBody } from './fixtures.js';

describe('Huawei ListInstances mapping', () => {
  it('maps the fixture: the region each instance reports (else the source region), lower-case engines, offsets read', () => {
    const found = listInstancesEnvelopeSchema.parse(fixtureBody('list-instances.json')).instances.map((r) => toInstanceInfo(r, { account: 'default', region: 'cn-east-3' }));
    expect(found.map((i) => [i.instanceId, i.region, i.name, i.engine, i.engineName, i.engineVersion, i.status, i.createdAt?.toISOString()])).toEqual([
      ['8c1f5e2a7d3b4c6e9f0a1b2c3d4e5f60in01', 'cn-north-4', 'orders-mysql', 'mysql', 'MySQL', '8.0', 'ACTIVE', '2018-08-19T18:33:49.000Z'],
      ['9d2a6f3b8e4c5d7fa01b2c3d4e5f6a71in03', 'cn-north-4', 'reports-pg', 'postgresql', 'PostgreSQL', '14', 'ACTIVE', '2023-11-02T10:15:00.000Z'],
      ['0e3b7a4c9f5d6e8ab12c3d4e5f6a7b82in04', 'cn-east-3', 'erp-sqlserver', 'sqlserver', 'SQLServer', '2019_SE', 'BUILD', undefined],
    ]);
    expect(found.every((i) => i.provider === 'huawei-rds' && i.account === 'default')).toBe(true);
  });

  it('refuses an instance without an id: it would hide its backups', () => {
    expect(listInstancesEnvelopeSchema.safeParse({ instances: [{ name: 'no id' }], total_count: 1 }).success).toBe(false);
  });
});
