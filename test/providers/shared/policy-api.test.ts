import { describe, expect, it } from 'vitest';
import { runtimeOf } from '../../../src/listing/source.js';
import { POLICY_API_PROVIDERS } from '../../../src/providers/policy-api.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

describe('POLICY_API_PROVIDERS', () => {
  it('names exactly the providers whose definition reads a backup policy', () => {
    const withApi = PROVIDERS.filter((entry) => {
      const source = entry.create({ ...entry.emulatorOptions({ url: 'http://127.0.0.1:9', iamEndpoint: 'http://127.0.0.1:9', region: entry.location.example }), credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
      return runtimeOf(source)!.definition.fetchBackupPolicy !== undefined;
    }).map((entry) => entry.name);
    expect([...POLICY_API_PROVIDERS].sort()).toEqual(withApi.sort());
  });
});
