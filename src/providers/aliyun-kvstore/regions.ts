import { z } from 'zod';
import type { CallContext } from '../../listing/provider.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { wrappedList } from '../aliyun-common/schema-helpers.js';
import { parseEnvelope } from '../shared/records.js';
import { nonEmpty } from '../shared/values.js';
import { KVSTORE_API_VERSION } from './request.js';

const regionsEnvelopeSchema = z.object({ RegionIds: wrappedList('KVStoreRegion', z.object({ RegionId: z.string().min(1) }).loose()) }).loose();

/** Every region the account can use KVStore in: `DescribeRegions`, one row per region. Asked once per source. */
export async function listKvstoreRegions(call: CallContext<'aliyun-kvstore'>, aliyun: ResolvedAliyunOptions): Promise<string[]> {
  const response = await callAliyunRpc(
    { ...call, baseUrl: aliyun.regionsBaseUrl },
    { action: 'DescribeRegions', version: KVSTORE_API_VERSION, params: {}, signatureVersion: aliyun.signatureVersion, format: aliyun.format },
  );
  const envelope = parseEnvelope('aliyun-kvstore', 'DescribeRegions', regionsEnvelopeSchema, response);
  return [...new Set(envelope.RegionIds.map((r) => nonEmpty(r.RegionId)?.trim()).filter((r): r is string => r !== undefined))];
}
