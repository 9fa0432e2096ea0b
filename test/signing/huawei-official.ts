/** What the official Huawei Cloud Node SDK core signs: the independent check of our SDK-HMAC-SHA256 requests. */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import type * as BasicCredentialsModule from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import type * as BuilderModule from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder.js';
import type { Credentials } from '../../src/credentials/types.js';

const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js') as typeof BasicCredentialsModule;
const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder.js') as typeof BuilderModule;

export interface SdkSignInput {
  method: 'GET' | 'POST';
  host: string;
  /** May contain `{project_id}`, which BasicCredentials substitutes (and then adds X-Project-Id). */
  url: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  creds: Credentials;
  projectId?: string;
  data?: object;
  /** `http` for a local server; default `https`. */
  scheme?: 'http' | 'https';
}

export interface SdkSigned {
  url: string;
  headers: Record<string, string>;
}

/** Signs with the official Node SDK core (BasicCredentials.processAuthRequest → AKSKSigner) at `time`. */
export async function sdkSign(input: SdkSignInput, time: Date): Promise<SdkSigned> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  try {
    let creds = new BasicCredentials().withAk(input.creds.accessKeyId).withSk(input.creds.accessKeySecret);
    if (input.creds.securityToken) creds = creds.withSecurityToken(input.creds.securityToken);
    if (input.projectId) creds = creds.withProjectId(input.projectId);
    const builder = new HttpRequestBuilder()
      .withEndpoint(`${input.scheme ?? 'https'}://${input.host}`)
      .withUrl(input.url)
      .withMethod(input.method)
      .withQueryParams(input.query)
      .withHeaders({ ...input.headers });
    if (input.data) builder.withData(input.data);
    // processAuthRequest only needs the client for federated (OIDC) credentials, which we do not use.
    return (await creds.processAuthRequest(undefined as never, builder.build())) as unknown as SdkSigned;
  } finally {
    vi.useRealTimers();
  }
}
