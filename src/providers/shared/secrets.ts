import type { Credentials } from '../../credentials/types.js';

/**
 * The values of one signed attempt that must never appear in an error, however a server echoes them: the key's
 * secret, the security token, and the signature computed (taken from an `Authorization` header or a `Signature`
 * parameter). The transport removes them by value; pattern-based redaction stays as a second line.
 */
export function attemptSecrets(credentials: Credentials, signed: { authorization?: string | undefined; signature?: string | undefined }): string[] {
  const out = [credentials.accessKeySecret];
  if (credentials.securityToken) out.push(credentials.securityToken);
  if (signed.signature) out.push(signed.signature);
  const fromHeader = signed.authorization ? /Signature=([^,\s]+)/.exec(signed.authorization)?.[1] : undefined;
  if (fromHeader) out.push(fromHeader);
  return out;
}
