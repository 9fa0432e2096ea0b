/** Aliyun RDS, KVStore and STS: one RPC gateway at `/`, told apart by `Version`. */
import type { EmulatedCloud, ProviderDef } from '../cloud.js';
import { NonceStore } from '../nonce-store.js';
import { handleAliyun } from './handler.js';
import { aliyunKvstoreProfile, aliyunRdsProfile } from './profile.js';
import { ALIYUN_REGIONS } from './regions.js';
import { StsIssuer } from './sts.js';
import { kvstoreTruth, rdsTruth } from './truth.js';

const rds: ProviderDef = {
  name: 'aliyun-rds',
  defaultPageSizeCap: 50,
  profile: aliyunRdsProfile,
  regions: ALIYUN_REGIONS,
  truth: rdsTruth,
};

const kvstore: ProviderDef = {
  name: 'aliyun-kvstore',
  defaultPageSizeCap: 100,
  profile: aliyunKvstoreProfile,
  regions: ALIYUN_REGIONS,
  truth: kvstoreTruth,
};

export const aliyunCloud: EmulatedCloud = {
  id: 'aliyun',
  providers: [rds, kvstore],
  // The official SDKs can only be pointed at host:port, so Aliyun owns the root path.
  recognise: (req) => req.path === '/' || req.path === '',
  start({ seed, accounts, keys, options }) {
    const nonces = new NonceStore();
    const sts = new StsIssuer({ seed, accounts, keys, ...(options.stsExpirySeconds !== undefined ? { expirySeconds: options.stsExpirySeconds } : {}) });
    return {
      handle: (req, env) => handleAliyun(req, env, nonces, sts),
      expose: () => ({ aliyunRegion: ALIYUN_REGIONS[0] ?? '' }),
    };
  },
};
