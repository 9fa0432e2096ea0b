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
 * }} [options]
 */
export function emulatorSources(info, options = {}) {
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
