import { describe, expect, it } from 'vitest';
import { toInstanceInfo } from '../../../src/providers/aliyun-rds/instances.js';
import { describeDBInstancesResponseSchema } from '../../../src/providers/aliyun-rds/schema.js';
import { fixtureResponse } from './fixtures.js';

const place = { account: 'default', region: 'cn-shanghai' };

function instancesOf(body: unknown) {
  return describeDBInstancesResponseSchema.parse(body).Items.map((record) => toInstanceInfo(record, place));
}

describe('RDS DescribeDBInstances mapping', () => {
  it('maps the SDK-model fixture: the region each instance names, lower-case engines, blanks absent', () => {
    expect(instancesOf(fixtureResponse('describedbinstances.json', 'DescribeDBInstances').body)).toStrictEqual([
      {
        provider: 'aliyun-rds',
        account: 'default',
        instanceId: 'rm-uf6wjk5xxxxxxxxxx',
        region: 'cn-hangzhou',
        name: 'Test database',
        engine: 'mysql',
        engineName: 'MySQL',
        engineVersion: '5.7',
        status: 'Running',
        createdAt: new Date('2018-11-05T11:26:02Z'),
      },
      { provider: 'aliyun-rds', account: 'default', instanceId: 'pgm-bp1xxxxxxxxxxxxx', region: 'cn-hangzhou', engine: 'postgresql', engineName: 'PostgreSQL', engineVersion: '14.0', status: 'Creating' },
    ]);
  });

  it('reads a one-instance XML page (values as strings) alike, and falls back to the source region', () => {
    const xml = {
      RequestId: 'X',
      TotalRecordCount: '1',
      PageNumber: '1',
      Items: { DBInstance: { DBInstanceId: 'rm-x1', Engine: 'MySQL', EngineVersion: '8.0', CreateTime: '2020-01-01T00:00:00Z' } },
    };
    expect(instancesOf(xml)).toStrictEqual([
      { provider: 'aliyun-rds', account: 'default', instanceId: 'rm-x1', region: 'cn-shanghai', engine: 'mysql', engineName: 'MySQL', engineVersion: '8.0', createdAt: new Date('2020-01-01T00:00:00Z') },
    ]);
  });

  it('refuses a page whose instance has no id: a hidden instance would hide its backups', () => {
    expect(describeDBInstancesResponseSchema.safeParse({ Items: { DBInstance: [{ DBInstanceDescription: 'no id' }] } }).success).toBe(false);
  });
});
