/** What the server hands to a provider handler, and what the handler hands back. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName } from './types.js';
import type { KeyRing } from './credentials.js';
import type { Dataset } from './dataset.js';
import type { Denials } from './denials.js';
import type { EmulatorAccount } from './types.js';

export interface ApiRequest {
  method: string;
  /** Raw path, still percent-encoded. */
  path: string;
  /** Raw query string without '?'. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The provider's error code, for the request log. */
  code?: string;
}

export interface Outcome {
  provider: ProviderName | 'huawei-iam' | 'aliyun-sts';
  action: string;
  /** The authenticated caller's account. */
  account?: string;
  /** The region the call addressed. */
  region?: string;
  instanceId?: string;
  params: Record<string, string>;
  response: ApiResponse;
  /** Set once the request passed authentication and validation: faults may then replace the answer. */
  faults?: FaultBodies;
  /** Runs once the answer was actually served (drift). */
  afterServe?: () => void;
}

/** A cloud's own bodies for the faults the server injects into an answer it had decided. */
export interface FaultBodies {
  throttle(): ApiResponse;
  serverError(variant: number): ApiResponse;
  /** A 200 body that does not parse in the response's format. */
  malformed(): string;
  /** 200 with the envelope holding nothing (Aliyun: `{}` or only the RequestId). */
  emptyEnvelope(variant: number): ApiResponse;
  /** An authentication error whose text echoes the request's access key id, signature and token. */
  echoSecrets(): ApiResponse;
  /** Paged backup lists only: the page with a lying total (-1, 0) or no items next to the true total. */
  badTotal?(variant: number): ApiResponse;
}

/** What a request carried to prove who sent it (for the echoSecrets fault). */
export interface RequestSecrets {
  accessKeyId: string;
  signature: string;
  securityToken?: string;
}

/** What every handler may read about the request at hand and the emulator serving it. */
export interface Env {
  dataset: Dataset;
  /** Server clock, ms. */
  now(): number;
  /** Upper-case UUID form; a cloud reformats it as its service does. */
  requestId: string;
  baseUrl: string;
  driftPerPage: number;
  keys: KeyRing;
  denials: Denials;
  accounts: readonly EmulatorAccount[];
}

/** The 15-minute window every provider allows between the client's clock and the server's. */
export const CLOCK_SKEW_MS = 15 * 60_000;

export function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Strips credentials from logged params. */
export function loggable(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'Signature' || k === 'SecurityToken' || k === 'BearerToken') continue;
    out[k] = v;
  }
  return out;
}
