// Our sources pointed at a running emulator, built from the public API exactly as a user would.
import { lib } from './dist.mjs';

const { aliyunKvstore, aliyunRds, capitalOnlineMysql, huaweiRds } = lib;

export const PROVIDERS = /** @type {const} */ (['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql']);

/**
 * @param {import('./emulator.mjs').EmulatorInfo} info
 * @param {{
 *   providers?: readonly string[],
 *   explicit?: boolean,            // pass every instance id (true) or let the source discover them (false)
 *   huaweiProjectId?: boolean,     // pass the project id (true) or let the source look it up through IAM (false)
 *   common?: Record<string, unknown>,
 *   interleaved?: boolean,         // one source per instance, the providers taking turns (rds, kvstore, huawei, co, rds, ...)
 * }} [options]
 */
export function emulatorSources(info, options = {}) {
  if (options.interleaved) {
    const providers = options.providers ?? PROVIDERS;
    const longest = Math.max(...providers.map((p) => info.instances[p].length));
    const out = [];
    for (let i = 0; i < longest; i++) {
      for (const p of providers) {
        const instance = info.instances[p][i];
        if (!instance) continue;
        const one = { ...info, instances: { ...info.instances, [p]: [instance] } };
        out.push(...emulatorSources(one, { ...options, interleaved: false, providers: [p], explicit: true }));
      }
    }
    return out;
  }
  const providers = options.providers ?? PROVIDERS;
  const explicit = options.explicit ?? true;
  const ids = (/** @type {string} */ p) => (explicit ? { instances: info.instances[p].map((i) => i.instanceId) } : {});
  const base = (/** @type {string} */ p) => ({ endpoint: info.endpoints[p], credentials: { ...info.credentials }, ...ids(p), ...(options.common ?? {}) });
  const make = {
    'aliyun-rds': () => aliyunRds({ ...base('aliyun-rds'), region: info.aliyunRegion }),
    'aliyun-kvstore': () => aliyunKvstore({ ...base('aliyun-kvstore'), region: info.aliyunRegion }),
    'huawei-rds': () =>
      huaweiRds({
        ...base('huawei-rds'),
        region: info.huaweiRegion,
        iamEndpoint: info.iamEndpoint,
        ...((options.huaweiProjectId ?? true) ? { projectId: info.huaweiProjectId } : {}),
      }),
    'capitalonline-mysql': () => capitalOnlineMysql({ ...base('capitalonline-mysql') }),
  };
  return providers.map((p) => make[p]());
}
