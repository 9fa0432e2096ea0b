/**
 * Aliyun STS `AssumeRole` (Version 2015-04-01), shapes from @alicloud/sts20150401 1.2.0: the
 * caller's signed request names a role of one of the emulated accounts and gets temporary keys
 * that see that account's data until they expire (then InvalidSecurityToken.Expired).
 */
import type { KeyRing } from '../credentials.js';
import type { Rng } from '../random.js';
import { randString, streamFor } from '../random.js';
import { aliyunTime } from '../times.js';
import type { EmulatorAccount } from '../types.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, missing } from './errors.js';

const MIN_DURATION_S = 900;
/** The longest session a RAM role may allow (its MaxSessionDuration); the emulated roles allow it. */
const MAX_DURATION_S = 43_200;
const DEFAULT_DURATION_S = 3_600;
const ARN = /^acs:ram::(\d+):role\/([\w.@+=,-]+)$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALNUM}+/`;

export interface StsSettings {
  seed: number;
  accounts: readonly EmulatorAccount[];
  keys: KeyRing;
  /** `startEmulator({ stsExpirySeconds })`: overrides every session's lifetime (short expiry in tests). */
  expirySeconds?: number;
}

/** Issues the temporary keys; one seeded stream per issue, so a run hands out the same keys. */
export class StsIssuer {
  private issued = 0;

  constructor(private readonly s: StsSettings) {
    const e = s.expirySeconds;
    if (e !== undefined && !(Number.isFinite(e) && e > 0)) throw new RangeError(`stsExpirySeconds must be a positive number (got ${String(e)})`);
  }

  assumeRole(p: Record<string, string>, now: number, requestId: string): { body: Record<string, unknown> } | AliyunError {
    const roleArn = p['RoleArn'];
    if (!roleArn) return missing('RoleArn');
    const session = p['RoleSessionName'];
    if (!session) return missing('RoleSessionName');
    if (!SESSION_NAME.test(session)) return aliyunErr(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
    const durationRaw = p['DurationSeconds'];
    const duration = durationRaw === undefined || durationRaw === '' ? DEFAULT_DURATION_S : Number(durationRaw);
    if (!Number.isInteger(duration) || duration < MIN_DURATION_S || duration > MAX_DURATION_S) {
      return aliyunErr(400, 'InvalidParameter.DurationSeconds', 'The Min/Max value of DurationSeconds is 15min/12hr.');
    }
    const arn = ARN.exec(roleArn);
    if (!arn) return aliyunErr(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
    const account = this.s.accounts.find((a) => a.roleArn === roleArn);
    if (!account) return aliyunErr(404, 'EntityNotExist.Role', `The role not exists: ${roleArn}.`);

    const rng = streamFor(this.s.seed, 'sts', ++this.issued);
    const accessKeyId = `STS.NT${randString(rng, 25, ALNUM)}`;
    const accessKeySecret = randString(rng, 44, ALNUM);
    const securityToken = `CAIS${token(rng)}`;
    const lifetimeMs = (this.s.expirySeconds ?? duration) * 1000;
    const expiresAt = now + lifetimeMs;
    this.s.keys.add(accessKeyId, { secret: accessKeySecret, securityToken, account: account.name, expiresAt, cloud: 'aliyun' });
    const roleName = arn[2] ?? '';
    const body = {
      RequestId: requestId,
      AssumedRoleUser: {
        Arn: `acs:ram::${account.aliyunUid}:role/${roleName}/${session}`,
        AssumedRoleId: `3${account.aliyunUid}:${session}`,
      },
      Credentials: {
        AccessKeyId: accessKeyId,
        AccessKeySecret: accessKeySecret,
        SecurityToken: securityToken,
        // Whole seconds, as STS writes it; a sub-second test expiry reads as the second it falls in.
        Expiration: aliyunTime(expiresAt),
      },
    };
    return { body };
  }
}

/** Real tokens are several hundred base64 characters: clients must not assume a short one. */
function token(rng: Rng): string {
  return randString(rng, 600, BASE64);
}
