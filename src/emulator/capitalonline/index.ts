/** CapitalOnline MySQL (`/mysql`, `/{site}/mysql`): everything in one unpaged answer. */
import type { EmulatedCloud, ProviderDef } from '../cloud.js';
import { NonceStore } from '../nonce-store.js';
import { handleCapitalOnline, isCapitalOnlinePath } from './handler.js';
import { capitalOnlineProfile } from './profile.js';
import { capitalOnlineTruth } from './truth.js';
import { CAPITALONLINE_REGIONS } from './sites.js';

const mysql: ProviderDef = {
  name: 'capitalonline-mysql',
  profile: capitalOnlineProfile,
  regions: CAPITALONLINE_REGIONS,
  truth: capitalOnlineTruth,
};

export const capitalOnlineCloud: EmulatedCloud = {
  id: 'capitalonline',
  providers: [mysql],
  recognise: (req) => isCapitalOnlinePath(req.path),
  start() {
    const nonces = new NonceStore();
    return { handle: (req, env) => handleCapitalOnline(req, env, nonces) };
  },
};
