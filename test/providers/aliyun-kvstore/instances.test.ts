import { describe, expect, it } from 'vitest';
import { unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import { mapInstance } from '../../../src/providers/aliyun-kvstore/instances.js';
import { aliyunKvstoreInstanceRecordSchema, describeInstancesEnvelopeSchema } from '../../../src/providers/aliyun-kvstore/schema.js';
import { fixtureBody } from './fixtures.js';

function instancesOf(name: string) {
  const envelope = describeInstancesEnvelopeSchema.parse(unwrapResponseRoot(fixtureBody(name), 'DescribeInstances'));
  return { envelope, instances: envelope.Instances.map((r) => mapInstance(aliyunKvstoreInstanceRecordSchema.parse(r), { account: 'default', region: 'cn-hangzhou' })) };
}

describe('KVStore DescribeInstances mapping', () => {
  it('maps the SDK-shaped page: ids, names, product, version, status and the creation time as an instant', () => {
    const { envelope, instances } = instancesOf('describe-instances.json');
    expect(envelope.TotalCount).toBe(2);
    expect(instances).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        instanceId: 'r-bp1zxszhcgatnx0001',
        region: 'cn-hangzhou',
        name: 'orders-cache',
        engine: 'redis',
        engineName: 'Redis',
        engineVersion: '5.0',
        status: 'Normal',
        createdAt: new Date('2018-11-07T09:40:43Z'),
      },
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        instanceId: 'r-bp1tair00000000002',
        region: 'cn-hangzhou',
        engine: 'tair',
        engineName: 'Tair',
        engineVersion: '7.0',
        status: 'Changing',
        createdAt: new Date('2023-02-28T23:59:59Z'),
      },
    ]);
  });

  it('maps a one-instance XML page (values as strings, KVStoreInstance as an object)', () => {
    const { envelope, instances } = instancesOf('describe-instances.one-item.xml');
    expect(envelope.TotalCount).toBe('1');
    expect(instances.map((i) => [i.instanceId, i.name, i.createdAt?.toISOString()])).toEqual([
      ['r-bp1xmlonly0000001', 'session-store', '2019-03-01T12:00:05.000Z'],
    ]);
  });

  it("falls back to the source region, and leaves createdAt out when CreateTime is missing or unreadable", () => {
    const bare = mapInstance(aliyunKvstoreInstanceRecordSchema.parse({ InstanceId: 'r-1', CreateTime: '' }), { account: 'prod', region: 'cn-shenzhen' });
    expect(bare).toStrictEqual({ provider: 'aliyun-kvstore', account: 'prod', instanceId: 'r-1', region: 'cn-shenzhen', engine: 'redis' });
  });

  it('marks a cloud-native cluster (cluster of MASTER_SLAVE or STAND_ALONE nodes) and only that', () => {
    const kind = (ArchitectureType: string, NodeType: string) =>
      mapInstance(aliyunKvstoreInstanceRecordSchema.parse({ InstanceId: 'r-1', ArchitectureType, NodeType }), { account: 'default', region: 'cn-hangzhou' }).kind;
    expect([kind('cluster', 'MASTER_SLAVE'), kind('Cluster', ' stand_alone ')]).toEqual(['cloud-native-cluster', 'cloud-native-cluster']);
    expect([kind('cluster', 'double'), kind('cluster', 'single'), kind('standard', 'MASTER_SLAVE'), kind('rwsplit', 'STAND_ALONE')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('takes the region the record names, and reads Memcache as memcache and an unknown product as other', () => {
    const map = (record: Record<string, unknown>) => mapInstance(aliyunKvstoreInstanceRecordSchema.parse({ InstanceId: 'r-1', ...record }), { account: 'default', region: 'cn-hangzhou' });
    expect(map({ RegionId: 'cn-beijing' }).region).toBe('cn-beijing');
    expect([map({ InstanceType: 'Memcache' }).engine, map({ InstanceType: 'Valkey' }).engine, map({ InstanceType: 'Valkey' }).engineName]).toEqual(['memcache', 'other', 'Valkey']);
  });

  it('rejects an instance record without an id', () => {
    expect(aliyunKvstoreInstanceRecordSchema.safeParse({ InstanceName: 'x' }).success).toBe(false);
    expect(aliyunKvstoreInstanceRecordSchema.safeParse({ InstanceId: ' ' }).success).toBe(false);
  });
});
