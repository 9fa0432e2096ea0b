/** What a correct client lists from Huawei records: sizes from KB, a manual backup naming its databases is database-level. */
import type { TruthMapping } from '../cloud.js';
import { engineOf, seedTruth, withDefined } from '../truth.js';
import { huaweiPolicyTruth } from './policy.js';
import { renderHuaweiBackup, renderHuaweiInstance } from './render.js';

export const huaweiTruth: TruthMapping = {
  instanceRecord: renderHuaweiInstance,
  policy: (inst) => huaweiPolicyTruth(inst),
  backup(inst, b) {
    const raw = renderHuaweiBackup(inst, b);
    const databases = (raw['databases'] as Array<{ name: string }> | undefined)?.map((d) => d.name);
    const out = seedTruth(b, raw, databases && b.mode === 'manual' ? 'database' : 'instance');
    return withDefined(out, { engine: engineOf(inst.engine), engineVersion: inst.engineVersion, databases });
  },
};
