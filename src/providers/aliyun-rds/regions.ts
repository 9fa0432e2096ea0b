import { z } from 'zod';
import type { CallContext } from '../../listing/provider.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { wrappedList } from '../aliyun-common/schema-helpers.js';
import { parseEnvelope } from '../shared/records.js';
import { nonEmpty } from '../shared/values.js';
import { RDS_API_VERSION } from './request.js';

const regionsEnvelopeSchema = z.object({ Regions: wrappedList('RDSRegion', z.object({ RegionId: z.string().min(1) }).loose()) }).loose();

/**
 * Every region the account can use RDS in: `DescribeRegions` answers one row per zone, so region ids repeat (kept
 * once, in the order served). Asked once per source, at the central endpoint (or the override).
 */
export async function listRdsRegions(call: CallContext<'aliyun-rds'>, aliyun: ResolvedAliyunOptions): Promise<string[]> {
  const response = await callAliyunRpc(
    { ...call, baseUrl: aliyun.regionsBaseUrl },
    { action: 'DescribeRegions', version: RDS_API_VERSION, params: {}, signatureVersion: aliyun.signatureVersion, format: aliyun.format },
  );
  const envelope = parseEnvelope('aliyun-rds', 'DescribeRegions', regionsEnvelopeSchema, response);
  return [...new Set(envelope.Regions.map((r) => nonEmpty(r.RegionId)?.trim()).filter((r): r is string => r !== undefined))];
}
