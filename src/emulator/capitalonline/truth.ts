/** What a correct client lists from CapitalOnline records: scope from BackupStrategy, the site, end from BackupFinishTime when EndTime is empty. */
import type { TruthMapping } from '../cloud.js';
import { seedTruth } from '../truth.js';
import { capitalOnlineFacts, renderCapitalOnlineBackup, renderCapitalOnlineInstance } from './render.js';
import { capitalOnlineRegion } from './sites.js';

export const capitalOnlineTruth: TruthMapping = {
  instanceRecord: renderCapitalOnlineInstance,
  backup(inst, b) {
    const f = capitalOnlineFacts(inst, b);
    const out = seedTruth(b, renderCapitalOnlineBackup(inst, b), f.strategy === 'db' ? 'database' : 'instance');
    if (f.endBlank && f.finish !== undefined) out.endTime = new Date(f.finish);
    // Backup records carry no engine: a client knows it from the product; no version either.
    out.engine = 'mysql';
    out.site = capitalOnlineRegion(inst.region).site;
    return out;
  },
};
