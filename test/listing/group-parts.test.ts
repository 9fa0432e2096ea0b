import { describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/errors.js';
import { PartGrouper } from '../../src/listing/group-parts.js';
import type { Backup } from '../../src/model.js';

type Row = Backup<'aliyun-kvstore'>;

/** One row of a KVStore backup job on node `nodeId` of instance `instanceId`. */
function row(instanceId: string, jobId: string, rowId: string, nodeId: string, minute: number, sizeBytes = 100): Row {
  const startTime = new Date(Date.UTC(2026, 10, 1, 2, minute));
  return {
    provider: 'aliyun-kvstore',
    account: 'default',
    region: 'cn-hangzhou',
    instanceId,
    id: jobId,
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    scope: 'instance',
    startTime,
    sizeBytes,
    parts: [{ id: rowId, nodeId, status: 'success', startTime, sizeBytes }],
    raw: {} as Row['raw'],
  };
}

describe('PartGrouper', () => {
  it('hands on a standard instance row (its node is the instance) on the page it arrives, without waiting for the next', () => {
    const grouper = new PartGrouper<Row>('aliyun-kvstore instance r-std');
    const first = grouper.add([row('r-std', 'j1', 'b1', 'r-std', 0), row('r-std', 'j2', 'b2', 'r-std', 1)]);
    expect(first.items.map((b) => b.id)).toEqual(['j1', 'j2']);
    expect(grouper.flush()).toEqual([]);
  });

  it('holds a cluster job until a page passes without a row of it, then merges its shards across the page boundary', () => {
    const grouper = new PartGrouper<Row>('aliyun-kvstore instance r-cl');
    const first = grouper.add([row('r-cl', 'j1', 'b1', 'r-cl-db-0', 0), row('r-cl', 'j1', 'b2', 'r-cl-db-1', 0)]);
    expect(first.items).toEqual([]);
    const second = grouper.add([row('r-cl', 'j1', 'b3', 'r-cl-db-2', 0, 50), row('r-cl', 'j2', 'b4', 'r-cl-db-0', 5)]);
    expect(second.items).toEqual([]);
    const third = grouper.add([row('r-cl', 'j2', 'b5', 'r-cl-db-1', 5)]);
    expect(third.items.map((b) => [b.id, b.parts?.length, b.sizeBytes])).toEqual([['j1', 3, 250]]);
    expect(grouper.flush().map((b) => [b.id, b.parts?.length])).toEqual([['j2', 2]]);
  });

  it('reports a row of a standard job already handed on instead of listing the job twice', () => {
    const grouper = new PartGrouper<Row>('aliyun-kvstore instance r-std');
    expect(grouper.add([row('r-std', 'j1', 'b1', 'r-std', 0)]).items).toHaveLength(1);
    const late = grouper.add([row('r-std', 'j1', 'b9', 'r-std', 0)]);
    expect(late.items).toEqual([]);
    expect(late.failures).toHaveLength(1);
    expect(late.failures[0]!.recordId).toBe('b9');
    expect(late.failures[0]!.error).toBeInstanceOf(PaginationError);
  });

  it('still groups a row whose node is the instance when its job already has shard rows waiting', () => {
    const grouper = new PartGrouper<Row>('aliyun-kvstore instance r-mix');
    grouper.add([row('r-mix', 'j1', 'b1', 'r-mix-db-0', 0)]);
    const next = grouper.add([row('r-mix', 'j1', 'b2', 'r-mix', 0)]);
    expect(next.items).toEqual([]);
    expect(grouper.flush().map((b) => [b.id, b.parts?.map((p) => p.id)])).toEqual([['j1', ['b2', 'b1']]]);
  });
});
