import { ConfigurationError } from '../errors.js';

/** The prom-client module, loaded on first use only: library users who never export metrics never load it. */
export type PromClient = typeof import('prom-client');

let loading: Promise<PromClient> | undefined;

/** Loads `prom-client` (an optional peer of this package), or says how to get it. */
export function loadPromClient(): Promise<PromClient> {
  loading ??= import('prom-client').then(
    // The CommonJS module comes as the default export under some loaders and as named exports under others.
    (mod) => ((mod as PromClient & { default?: PromClient }).default ?? mod) as PromClient,
    (error: unknown) => {
      loading = undefined;
      throw new ConfigurationError(
        `Prometheus metrics need the prom-client package: install it next to cloud-backups (npm install prom-client@15). (${error instanceof Error ? error.message : String(error)})`,
        { field: 'prom-client', cause: error },
      );
    },
  );
  return loading;
}
