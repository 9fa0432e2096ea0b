import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialsNotFoundError } from '../../../src/errors.js';
import { capitalOnlineMysql } from '../../../src/providers/capitalonline-mysql/index.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { decodeQuery, loadFixture, referenceSignature } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((request) => {
    const action = new URLSearchParams(request.url.search).get('Action');
    if (action === 'DescribeDBInstances') return { body: loadFixture('describe-db-instances.doc-example.json') };
    if (action === 'DescribeBackups') return { body: loadFixture('describe-backups.doc-example.json') };
    return { status: 400, body: { Code: 'InvalidParameter', Message: `unexpected ${action}` } };
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  server.requests.length = 0;
});

describe('a user with CDS_SECRET_ID / CDS_SECRET_KEY set', () => {
  it('discovers the instances and lists their backups', async () => {
    vi.stubEnv('CDS_SECRET_ID', 'AKID-user');
    vi.stubEnv('CDS_SECRET_KEY', 'user-secret');
    const source = capitalOnlineMysql({ site: 'cn', endpoint: server.url });

    const listed = [];
    for (const instance of await source.listInstances()) {
      for await (const backup of source.listBackups({ instanceId: instance.instanceId, instance, status: 'success' })) {
        listed.push(`${backup.instanceId} ${backup.id} ${backup.startTime.toISOString()} ${backup.sizeBytes}`);
      }
    }
    source.close();

    expect(listed).toEqual([
      '5ac7c945-ae47-4bbf-82e6-2823d64b57c5 3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a01 2020-06-17T20:09:59.000Z 677496',
      '5ac7c945-ae47-4bbf-82e6-2823d64b57c5 3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a02 2020-06-16T20:10:08.000Z 677494',
      '5ac7c945-ae47-4bbf-82e6-2823d64b57c5 3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a03 2020-06-15T20:10:03.000Z 677498',
      '5ac7c945-ae47-4bbf-82e6-2823d64b57c5 3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a04 2020-06-15T07:04:41.000Z 677484',
    ]);
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      const params = Object.fromEntries(decodeQuery(request.url.search));
      expect(params.AccessKeyId).toBe('AKID-user');
      expect(params.Signature).toBe(referenceSignature(params, 'user-secret'));
    }
  });

  it('reads the environment on the first request, not when the source is created', async () => {
    const source = capitalOnlineMysql({ endpoint: server.url, instances: ['x'] });
    vi.stubEnv('CDS_SECRET_ID', 'AKID-late');
    vi.stubEnv('CDS_SECRET_KEY', 'late-secret');
    await source.listBackups({ instanceId: 'x' }).toArray();
    expect(Object.fromEntries(decodeQuery(server.requests[0]!.url.search)).AccessKeyId).toBe('AKID-late');
  });

  it('gets a clear error, and no request is sent, when the variables are missing', async () => {
    vi.stubEnv('CDS_SECRET_ID', '');
    vi.stubEnv('CDS_SECRET_KEY', '');
    const error = await capitalOnlineMysql({ endpoint: server.url }).listBackups({ instanceId: 'x' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    expect((error as Error).message).toContain('CDS_SECRET_ID and CDS_SECRET_KEY');
    expect(server.requests).toHaveLength(0);
  });

  it('prefers the credentials option over the environment', async () => {
    vi.stubEnv('CDS_SECRET_ID', 'AKID-env');
    vi.stubEnv('CDS_SECRET_KEY', 'env-secret');
    await capitalOnlineMysql({ endpoint: server.url, credentials: { accessKeyId: 'AKID-opt', accessKeySecret: 'opt-secret' } })
      .listBackups({ instanceId: 'x' })
      .toArray();
    const params = Object.fromEntries(decodeQuery(server.requests[0]!.url.search));
    expect(params.AccessKeyId).toBe('AKID-opt');
    expect(params.Signature).toBe(referenceSignature(params, 'opt-secret'));
  });
});
