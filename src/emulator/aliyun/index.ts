/** Aliyun RDS, KVStore and STS: one RPC gateway at `/`, told apart by `Version`. */
import type { EmulatedCloud, ProviderDef } from '../cloud.js';
import { NonceStore } from '../nonce-store.js';
import { handleAliyun } from './handler.js';
import { aliyunKvstoreProfile, aliyunRdsProfile } from './profile.js';
import { ALIYUN_REGIONS } from './regions.js';
import { StsIssuer } from './sts.js';
import { renderKvstoreBackup, renderKvstoreInstance, renderRdsBackup, renderRdsInstance } from './render.js';

const rds: ProviderDef = {
  name: 'aliyun-rds',
  profile: aliyunRdsProfile,
  regions: ALIYUN_REGIONS,
  truth: {
    backupRecord: renderRdsBackup,
    instanceRecord: renderRdsInstance,
    engine: (i) => ({ engine: i.engine, engineVersion: i.engineVersion }),
  },
};

const kvstore: ProviderDef = {
  name: 'aliyun-kvstore',
  profile: aliyunKvstoreProfile,
  regions: ALIYUN_REGIONS,
  truth: {
    backupRecord: renderKvstoreBackup,
    instanceRecord: renderKvstoreInstance,
    engine: (i) => ({ engine: 'Redis', engineVersion: i.engineVersion }),
  },
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
