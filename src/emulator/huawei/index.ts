/** Huawei Cloud RDS v3 and the IAM calls a client makes to find its projects. */
import type { EmulatedCloud, ProviderDef } from '../cloud.js';
import { handleHuawei } from './handler.js';
import { HuaweiDirectory } from './projects.js';
import { huaweiRdsProfile } from './profile.js';
import { huaweiTruth } from './truth.js';

/** Regions in the order `startEmulator({ regions })` takes them; cn-north-4 was the only one before. */
export const HUAWEI_REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1', 'ap-southeast-3', 'la-south-2'] as const;

const rds: ProviderDef = {
  name: 'huawei-rds',
  defaultPageSizeCap: 50,
  profile: huaweiRdsProfile,
  regions: HUAWEI_REGIONS,
  truth: huaweiTruth,
};

export const huaweiCloud: EmulatedCloud = {
  id: 'huawei',
  providers: [rds],
  recognise: (req) => req.path.startsWith('/v3/'),
  start({ seed, accounts }) {
    // Every account has a project in every region Huawei has here, holding instances or not.
    const directory = new HuaweiDirectory(seed, accounts.map((a) => a.name), HUAWEI_REGIONS);
    const first = accounts[0]?.name ?? 'default';
    return {
      // Huawei request ids are 32 lower-case hex digits.
      handle: (req, env) => handleHuawei(req, { ...env, requestId: env.requestId.replace(/-/g, '').toLowerCase() }, directory),
      expose: (baseUrl) => ({
        huaweiProjectId: directory.projectIdFor(first, HUAWEI_REGIONS[0]),
        huaweiProjectIdFor: (account: string, region: string) => directory.projectIdFor(account, region),
        huaweiRegion: HUAWEI_REGIONS[0],
        iamEndpoint: baseUrl,
      }),
    };
  },
};
