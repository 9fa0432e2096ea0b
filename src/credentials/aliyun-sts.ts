import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConfigurationError, ResponseValidationError } from '../errors.js';
import type { Transport } from '../http/transport.js';
import { classifyAliyunResponse } from '../providers/aliyun-common/errors.js';
import type { AliyunProviderName } from '../providers/aliyun-common/endpoints.js';
import { parseAliyunTime } from '../providers/aliyun-common/time.js';
import { attemptSecrets } from '../providers/shared/secrets.js';
import { signAliyunRpcV1 } from '../signing/aliyun-rpc-v1.js';
import { checkCredentials } from './chain.js';
import type { Credentials } from './types.js';

/** What a RAM-role profile says about the role to assume. */
export interface RamRole {
  roleArn: string;
  /** 2..64 characters of letters, digits, `.`, `@`, `-`, `_`. Default `cloud-backups-<time>`. */
  sessionName?: string | undefined;
  /** 900..43200 seconds. Default 3600. */
  durationSeconds?: number | undefined;
  policy?: string | undefined;
  externalId?: string | undefined;
  /** A base URL, e.g. `https://sts.cn-hangzhou.aliyuncs.com`. */
  endpoint: string;
}

export const STS_API_VERSION = '2015-04-01';

/** The STS base URL: the profile's or option's, else the region's (`ALIBABA_CLOUD_STS_REGION`), else the central one. */
export function stsEndpoint(explicit: string | undefined, stsRegion: string | undefined): string {
  if (explicit !== undefined) return /^[a-z]+:\/\//i.test(explicit) ? explicit.replace(/\/+$/, '') : `https://${explicit.replace(/\/+$/, '')}`;
  return stsRegion ? `https://sts.${stsRegion}.aliyuncs.com` : 'https://sts.aliyuncs.com';
}

const assumeRoleResponseSchema = z
  .object({
    Credentials: z
      .object({
        AccessKeyId: z.string().min(1),
        AccessKeySecret: z.string().min(1),
        SecurityToken: z.string().min(1),
        /** UTC `yyyy-MM-ddTHH:mm:ssZ`. */
        Expiration: z.string(),
      })
      .loose(),
  })
  .loose();

/**
 * Temporary keys for a RAM role: STS `AssumeRole`, signed with the profile's own keys (RPC v1, as the official
 * credentials library does), through the source's transport (its timeouts, retries and proxy). The keys carry their
 * `expiration`, so the source asks again before they expire.
 */
export async function assumeRole(provider: AliyunProviderName, transport: Transport, keys: Credentials, role: RamRole, now: () => Date = () => new Date()): Promise<Credentials> {
  const durationSeconds = role.durationSeconds ?? 3600;
  if (!(Number.isInteger(durationSeconds) && durationSeconds >= 900 && durationSeconds <= 43_200)) {
    throw new ConfigurationError(`${provider}: the RAM role's session duration must be 900..43200 seconds, got ${String(role.durationSeconds)}.`, {
      provider,
      field: 'credentials',
    });
  }
  const params = {
    RoleArn: role.roleArn,
    RoleSessionName: role.sessionName ?? `cloud-backups-${now().getTime()}`,
    DurationSeconds: durationSeconds,
    Policy: role.policy,
    ExternalId: role.externalId,
  };
  const response = await transport.send({
    operation: 'AssumeRole',
    sign: () => {
      const signed = signAliyunRpcV1({ method: 'GET', action: 'AssumeRole', version: STS_API_VERSION, params, format: 'JSON' }, keys, now(), randomUUID());
      return { method: 'GET', url: `${role.endpoint}/?${signed.query}`, headers: { accept: 'application/json' }, secrets: attemptSecrets(keys, { signature: String(signed.params.Signature) }) };
    },
    interpret: (answer) => classifyAliyunResponse({ provider, operation: 'AssumeRole' }, answer),
  });
  const parsed = assumeRoleResponseSchema.safeParse(response.body);
  const expiration = parsed.success ? parseAliyunTime(parsed.data.Credentials.Expiration) : undefined;
  if (!parsed.success || !expiration) {
    throw new ResponseValidationError(`${provider}: STS AssumeRole answered without usable temporary credentials.`, {
      provider,
      body: '(not shown: it may hold keys)',
      url: response.url,
    });
  }
  const c = parsed.data.Credentials;
  return checkCredentials(provider, { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken, expiration }, `STS AssumeRole of ${role.roleArn}`);
}
