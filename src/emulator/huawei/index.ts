/** Huawei Cloud RDS v3 and the IAM calls a client makes to find its project. */
import type { EmulatedCloud, ProviderDef } from '../cloud.js';
import { randHex, streamFor } from '../random.js';
import { gatewayErr, huaweiErrorResponse } from './errors.js';
import { handleHuawei, isHuaweiPath } from './handler.js';
import { huaweiRdsProfile } from './profile.js';
import { renderHuaweiBackup, renderHuaweiInstance } from './render.js';

/** Regions in the order `startEmulator({ regions })` takes them; cn-north-4 was the only one before. */
export const HUAWEI_REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1', 'ap-southeast-3', 'la-south-2'] as const;

const rds: ProviderDef = {
  name: 'huawei-rds',
  profile: huaweiRdsProfile,
  regions: HUAWEI_REGIONS,
  truth: {
    backupRecord: renderHuaweiBackup,
    instanceRecord: renderHuaweiInstance,
    engine: (i) => ({ engine: i.engine, engineVersion: i.engineVersion }),
  },
};

export const huaweiCloud: EmulatedCloud = {
  id: 'huawei',
  providers: [rds],
  recognise: (req) => req.path.startsWith('/v3/'),
  start({ seed }) {
    const ids = streamFor(seed, 'huawei-account');
    const account = { region: HUAWEI_REGIONS[0], projectId: randHex(ids, 32), domainId: randHex(ids, 32) };
    return {
      handle(req, env) {
        // Huawei request ids are 32 lower-case hex digits.
        const huaweiEnv = { ...env, requestId: env.requestId.replace(/-/g, '').toLowerCase() };
        if (isHuaweiPath(req.path)) return handleHuawei(req, huaweiEnv, account);
        return {
          provider: 'huawei-rds',
          action: 'Unknown',
          params: {},
          response: huaweiErrorResponse(
            gatewayErr(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment'), huaweiEnv.requestId),
        };
      },
      expose: (baseUrl) => ({ huaweiProjectId: account.projectId, huaweiRegion: account.region, iamEndpoint: baseUrl }),
    };
  },
};
