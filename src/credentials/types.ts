/** An access key pair, optionally temporary (STS / security token). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** Credentials as a source accepts them: a value, or a function resolved lazily on the first request. */
export type CredentialsInput = Credentials | (() => Promise<Credentials> | Credentials);
