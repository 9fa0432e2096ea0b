import { ConfigurationError } from '../../errors.js';
import { abortReason } from '../../http/abort.js';
import type { CallContext } from '../../listing/provider.js';
import { parseEnvelope } from '../shared/records.js';
import { huaweiGet } from './request.js';
import { listProjectsEnvelopeSchema } from './schema.js';

/** Project ids are 32 hex digits in practice; anything path-safe is accepted so Huawei-stack clouds work too. */
const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export function validateProjectId(value: unknown, from: string): string {
  if (typeof value !== 'string' || !PROJECT_ID_PATTERN.test(value)) {
    throw new ConfigurationError(
      `huawei-rds: ${from} must be a project id (letters, digits, - and _), e.g. "0483b6b16e954cb88930a360d2c4e663"; got ${JSON.stringify(value)}.`,
      { provider: 'huawei-rds', field: 'projectId' },
    );
  }
  return value;
}

export interface ProjectIdResolverOptions {
  region: string;
  /** The `projectId` option. */
  projectId?: string;
  /** A project id that came with the credentials (env or profile); consulted only when no option was given. */
  defaultProjectId?: () => Promise<string | undefined>;
  /** IAM base URL: the `iamEndpoint` option or the regional IAM endpoint. */
  iamBaseUrl: string;
  /** True when `endpoint` is overridden but `iamEndpoint` is not: a lookup must then fail instead of calling public IAM. */
  refuseIamLookup?: boolean | undefined;
}

/** Resolves a source's project id: the option, else the credentials' default, else one IAM lookup per region and key. */
export type ProjectIdResolver = (ctx: CallContext<'huawei-rds'>, signal?: AbortSignal) => Promise<string>;

/**
 * The project ids of a source's regions: one resolver per region, and the ids learned from the region listing
 * (`GET /v3/auth/projects` names every region's project, so `'*'` needs no lookup per region).
 */
export interface ProjectDirectory {
  resolver(region: string): ProjectIdResolver;
  learn(region: string, projectId: string): void;
}

export interface ProjectDirectoryOptions extends Omit<ProjectIdResolverOptions, 'region' | 'iamBaseUrl'> {
  iamBaseUrlFor: (region: string) => string;
}

export function createProjectDirectory(options: ProjectDirectoryOptions): ProjectDirectory {
  const learned = new Map<string, string>();
  const resolvers = new Map<string, ProjectIdResolver>();
  return {
    learn: (region, projectId) => learned.set(region, validateProjectId(projectId, `the project id IAM gave for ${region}`)),
    resolver: (region) => {
      let resolver = resolvers.get(region);
      if (!resolver) {
        const inner = createProjectIdResolver({ ...options, region, iamBaseUrl: options.iamBaseUrlFor(region) });
        resolver = async (ctx, signal) => learned.get(region) ?? inner(ctx, signal);
        resolvers.set(region, resolver);
      }
      return resolver;
    },
  };
}

/**
 * Never creates a project (the Node SDK's fallback): zero or several matches are configuration errors.
 * Lookups are shared: concurrent listings wait for one request, and a failed lookup is not cached.
 */
export function createProjectIdResolver(options: ProjectIdResolverOptions): ProjectIdResolver {
  const cache = new Map<string, Promise<string>>();
  return async (ctx, signal = ctx.signal) => {
    if (options.projectId !== undefined) return options.projectId;
    const fromCredentials = await options.defaultProjectId?.();
    if (fromCredentials !== undefined) return validateProjectId(fromCredentials, 'the project id from the credentials chain');
    if (options.refuseIamLookup) {
      throw new ConfigurationError(
        'huawei-rds: endpoint is overridden but the project id is unknown and iamEndpoint is not set; refusing to send these credentials ' +
          `to the public IAM endpoint ${options.iamBaseUrl}. Pass projectId (--project-id), or iamEndpoint (--iam-endpoint) for the lookup.`,
        { provider: 'huawei-rds', field: 'projectId' },
      );
    }
    const { accessKeyId } = await ctx.credentials();
    const key = `${options.iamBaseUrl}\n${options.region}\n${accessKeyId}`;
    let lookup = cache.get(key);
    if (!lookup) {
      // Not tied to any one caller's signal: other listings may be waiting on the same lookup.
      lookup = lookupProjectId(ctx, options.region, options.iamBaseUrl);
      cache.set(key, lookup);
      lookup.catch(() => cache.delete(key));
    }
    return raceAbort(lookup, signal);
  };
}

async function lookupProjectId(ctx: CallContext<'huawei-rds'>, region: string, iamBaseUrl: string): Promise<string> {
  const operation = 'KeystoneListProjects';
  const response = await huaweiGet(ctx, { operation, baseUrl: iamBaseUrl, pathTemplate: '/v3/projects', query: { name: region } });
  const { projects } = parseEnvelope('huawei-rds', operation, listProjectsEnvelopeSchema, response);
  // IAM filters by name already; sub-projects are named `{region}_xxx`, so only an exact match counts.
  const ids = projects.filter((p) => p.name === region).map((p) => String(p.id));
  if (ids.length === 1) return ids[0]!;
  const how = 'Pass projectId to huaweiRds() (Console: My Credentials > API Credentials > Projects) or set HUAWEICLOUD_SDK_PROJECT_ID.';
  if (ids.length === 0) {
    throw new ConfigurationError(
      `huawei-rds: IAM lists no project named "${region}" for these credentials, so the region's project id is unknown. ` +
        `Check the region; a project is never created for you. ${how}`,
      { provider: 'huawei-rds', field: 'projectId' },
    );
  }
  throw new ConfigurationError(`huawei-rds: IAM lists ${ids.length} projects named "${region}" (${ids.join(', ')}); choose one. ${how}`, {
    provider: 'huawei-rds',
    field: 'projectId',
  });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
