import { z } from 'zod';
import type { CloudBackupsError } from '../../errors.js';
import type { HttpResponse } from '../../http/transport.js';
import { describeAnswer, errorFieldsReader, errorFromAnswer, scalarField, type ErrorContext, type ErrorFields, type ErrorRule } from '../shared/error-response.js';
import { isRecord, scalarText } from '../shared/values.js';

/** What the request was, for error messages. */
export interface HuaweiErrorContext extends ErrorContext {
  provider: 'huawei-rds';
  /** `ListBackups`, `ListInstances`, `KeystoneListProjects`. */
  operation: string;
  /** `GET /v3/{project_id}/backups`: names the API a permission error is about. */
  api: string;
}

const text = scalarField;
const pair = (code: unknown, message: unknown, requestId?: unknown): ErrorFields => {
  const out: ErrorFields = {};
  const c = scalarText(code);
  const m = scalarText(message);
  const r = scalarText(requestId);
  if (c !== undefined) out.code = c;
  if (m !== undefined) out.message = m;
  if (r !== undefined) out.requestId = r;
  return out;
};

/** The body shapes in use: `{error_code, error_msg}` (RDS, API gateway), `{code, message}`, `{error: {code, message}}` (IAM), OpenStack's `{"itemNotFound": {...}}`. */
export const errorFields = errorFieldsReader([
  z.object({ error_code: text, error_msg: text, request_id: text }).transform((b) => pair(b.error_code, b.error_msg, b.request_id)),
  z.object({ code: text, message: text, request_id: text }).transform((b) => pair(b.code, b.message, b.request_id)),
  z
    .object({ error: z.record(z.string(), z.unknown()), request_id: text })
    .transform((b) => pair(b.error.code ?? b.error.error_code, b.error.message ?? b.error.error_msg, b.error.request_id ?? b.request_id)),
  z.record(z.string(), z.unknown()).transform((b) => {
    const nested = Object.values(b).find((v): v is Record<string, unknown> => isRecord(v) && (v.message !== undefined || v.code !== undefined));
    return nested ? pair(nested.code, nested.message, b.request_id) : {};
  }),
]);

const THROTTLING_CODES = ['APIGW.0308', 'APIG.0308'];
const SIGNATURE_CODES = ['APIGW.0301', 'APIG.0301'];
/** "The project is unavailable": the project id (or region) is wrong for these credentials. */
const PROJECT_UNAVAILABLE_CODES = ['APIGW.0310', 'APIG.0310'];
/** Gateway "no such API": a wrong endpoint or path, not a missing instance. */
const ROUTE_NOT_FOUND_CODES = ['APIGW.0101', 'APIG.0101'];
/**
 * "The DB instance does not exist" (DBS.200002, DBS.200045) and the codes RDS answers for an instance that is gone or
 * deleted (DBS.200823, DBS.280238: treated as not found by Huawei's own Terraform provider).
 */
const INSTANCE_NOT_FOUND_CODES = ['DBS.200002', 'DBS.200045', 'DBS.200823', 'DBS.280238'];

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const RULES: readonly ErrorRule<HuaweiErrorContext>[] = [
  {
    codes: THROTTLING_CODES,
    kind: 'throttled',
    message: (c, said) => `huawei-rds: ${c.operation} was throttled (${said}); retrying with backoff. Lower the request rate or set rateLimit if this persists.`,
  },
  {
    statuses: [429],
    kind: 'throttled',
    message: (c, said) => `huawei-rds: ${c.operation} was throttled (${said}); retrying with backoff. Lower the request rate or set rateLimit if this persists.`,
  },
  {
    codes: SIGNATURE_CODES,
    kind: 'authentication',
    message: (c, said) =>
      `huawei-rds: ${c.operation} was refused: the AK/SK signature was not accepted (${said}). ` +
      'Check the access key and secret key (and the security token for temporary credentials); the gateway also ' +
      "refuses a signature whose X-Sdk-Date is more than 15 minutes from its clock, so check this machine's clock for skew.",
  },
  {
    statuses: [401],
    kind: 'authentication',
    message: (c, said) =>
      `huawei-rds: ${c.operation} was refused as unauthenticated (${said}). Check the access key, secret key and, for temporary credentials, that the security token has not expired.`,
  },
  {
    codes: PROJECT_UNAVAILABLE_CODES,
    kind: 'configuration',
    field: 'projectId',
    message: (c, said) =>
      `huawei-rds: the project is unavailable for these credentials (${said}). Check the region and the project id (projectId, HUAWEICLOUD_SDK_PROJECT_ID): ` +
      "each region has its own project, and a sub-project's id only works where it was created.",
  },
  {
    statuses: [403],
    kind: 'permission',
    message: (c, said) =>
      `huawei-rds: the credentials are not allowed to call ${c.operation} (${c.api}) (${said}). ` +
      'Grant the IAM user or agency that permission (e.g. the RDS ReadOnlyAccess policy for RDS APIs) in this region, or check IP/VPC restrictions on the key.',
  },
  {
    codes: ROUTE_NOT_FOUND_CODES,
    kind: 'rejected',
    message: (c, said, answer) => `huawei-rds: the gateway knows no ${c.api} at ${hostOf(answer.response.url)} (${said}). Check the region and any endpoint/iamEndpoint override.`,
  },
  {
    codes: INSTANCE_NOT_FOUND_CODES,
    when: (_answer, c) => c.instanceId !== undefined,
    kind: 'not-found',
    message: (c, said) => `huawei-rds: instance ${c.instanceId} was not found (${said}). Check the instance id, and that it lives in this region and project.`,
  },
  {
    statuses: [404],
    when: (_answer, c) => c.instanceId !== undefined,
    kind: 'not-found',
    message: (c, said) => `huawei-rds: instance ${c.instanceId} was not found (${said}). Check the instance id, and that it lives in this region and project.`,
  },
  {
    when: (answer) => answer.status >= 500,
    kind: 'retryable',
    message: (c, said) => `huawei-rds: ${c.operation} failed on the server side (${said}); it is retried.`,
  },
  {
    kind: 'rejected',
    message: (c, said) => `huawei-rds: ${c.operation} failed (${said}). Check the request parameters; this is not retried.`,
  },
];

/** Turns a Huawei answer into one of our errors, or undefined when it succeeded. */
export function classifyHuaweiResponse(response: HttpResponse, context: Omit<HuaweiErrorContext, 'provider'>): CloudBackupsError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const read = errorFields(response.body);
  const fields: ErrorFields = { ...read, requestId: response.headers['x-request-id'] ?? read.requestId ?? response.headers['x-iam-trace-id'] };
  return errorFromAnswer(RULES, { status, fields, response }, { ...context, provider: 'huawei-rds' }, describeAnswer(fields, status));
}
