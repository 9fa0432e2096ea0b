import type { CallContext } from '../../listing/provider.js';
import { parseEnvelope } from '../shared/records.js';
import type { ProjectDirectory } from './project.js';
import { huaweiGet } from './request.js';
import { listAuthProjectsEnvelopeSchema } from './schema.js';

/**
 * Every region the account has a project in, from IAM `GET /v3/auth/projects` (KeystoneListAuthProjects): a region's
 * own project is named after the region and has the account as parent; sub-projects (`cn-north-4_dev`, parent the
 * region's project) are skipped, and so are disabled projects. Each region's project id is learned on the way.
 */
export async function listHuaweiRegions(call: CallContext<'huawei-rds'>, iamBaseUrl: string, projects: ProjectDirectory): Promise<string[]> {
  const operation = 'KeystoneListAuthProjects';
  const response = await huaweiGet(call, { operation, baseUrl: iamBaseUrl, pathTemplate: '/v3/auth/projects', query: {} });
  const envelope = parseEnvelope('huawei-rds', operation, listAuthProjectsEnvelopeSchema, response);
  const regions: string[] = [];
  for (const project of envelope.projects) {
    const name = project.name.trim();
    const isDomain = project.is_domain === true || project.is_domain === 'true';
    const disabled = project.enabled === false || project.enabled === 'false';
    const subProject = project.parent_id && project.domain_id ? project.parent_id !== project.domain_id : name.includes('_');
    if (isDomain || disabled || subProject || name === '' || name === 'MOS') continue;
    projects.learn(name, String(project.id));
    if (!regions.includes(name)) regions.push(name);
  }
  return regions;
}
