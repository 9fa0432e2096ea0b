import type { BackupSource } from '../listing/source.js';
import type { ProviderName } from '../model.js';

/** A provider-specific option, as the CLI's flags and the config file expose it. */
export interface ProviderOptionInfo {
  /** The factory option, e.g. `projectId`. */
  key: string;
  /** Its command-line flag without dashes, e.g. `project-id`. */
  flag: string;
  /** What to put there, for `--help`: `<id>`, `<url>`. */
  placeholder: string;
  description: string;
  /** Allowed values, when the list is closed. */
  choices?: readonly string[];
}

/**
 * One provider as the rest of the program sees it: its factory, where it lists (region or site), its options,
 * where its credentials come from. The CLI's flags, config keys and help, the demo and the test source lists are
 * all derived from the registry's entries: adding a provider adds an entry, nothing else outside its folder.
 */
export interface ProviderEntry<P extends ProviderName = ProviderName> {
  name: P;
  /** For people: "Aliyun RDS". */
  title: string;
  /** The factory, called with options as a user (or the CLI's flags) gives them; it validates them. */
  create: (options: Record<string, unknown>) => BackupSource<P>;
  /** Where a source lists: Aliyun and Huawei take `region`, CapitalOnline takes `site`. */
  location: {
    key: 'region' | 'site';
    /** Values the provider knows (regions of the official SDK's endpoint map, or the sites). */
    known: readonly string[];
    example: string;
    /** When true the location may be left out (CapitalOnline's site defaults to `cn`). */
    optional: boolean;
  };
  /** Provider-specific options beyond the common ones. */
  options: readonly ProviderOptionInfo[];
  /** Environment variables its credential chain reads first (id, secret), for messages and `--help`. */
  credentialVariables: readonly [id: string, secret: string];
  /**
   * The options that point a source of this provider at a local emulator (`cloud-backups/emulator`) serving every
   * provider at `url`: the demo, the `emulator` command's hints and the tests build their sources from it.
   */
  emulatorOptions: (emulator: EmulatorEndpoint) => Record<string, unknown>;
}

/** What a source needs to know of a running emulator. */
export interface EmulatorEndpoint {
  url: string;
  iamEndpoint: string;
  /** Every region ('*') or one. */
  region: string;
}

/** Identity helper that keeps an entry's provider name precise. */
export function defineEntry<P extends ProviderName>(entry: ProviderEntry<P>): ProviderEntry<P> {
  return entry;
}
