/**
 * The IAM calls a client makes to find its projects: KeystoneListProjects (`GET /v3/projects`,
 * filtered by `name`) and KeystoneListAuthProjects (`GET /v3/auth/projects`, every project the
 * caller may use). Shapes from @huaweicloud/huaweicloud-sdk-iam 3.1.172 and the IAM API reference.
 */
import type { HuaweiProject } from './projects.js';

function record(p: HuaweiProject, self: string, withPaging: boolean): Record<string, unknown> {
  return {
    domain_id: p.domainId,
    is_domain: false,
    parent_id: p.parentId,
    name: p.name,
    description: p.sub ? 'backup audit' : '',
    links: withPaging ? { next: null, previous: null, self: `${self}/${p.id}` } : { self: `${self}/${p.id}` },
    id: p.id,
    enabled: true,
  };
}

/** KeystoneListProjects: the account's projects, narrowed by an exact `name`. */
export function listProjects(params: Record<string, string>, projects: readonly HuaweiProject[], baseUrl: string): Record<string, unknown> {
  const self = `${baseUrl}/v3/projects`;
  const name = params['name'];
  return {
    projects: projects.filter((p) => name === undefined || p.name === name).map((p) => record(p, self, true)),
    links: { next: null, previous: null, self: name === undefined ? self : `${self}?name=${encodeURIComponent(name)}` },
  };
}

/** KeystoneListAuthProjects: every project of the caller's account, sub-projects included; no paging. */
export function listAuthProjects(projects: readonly HuaweiProject[], baseUrl: string): Record<string, unknown> {
  return {
    links: { self: `${baseUrl}/v3/auth/projects` },
    projects: projects.map((p) => record(p, `${baseUrl}/v3/projects`, false)),
  };
}
