/** An access key pair, optionally temporary (STS / security token). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /**
   * When temporary credentials stop working. A `credentials` function whose result carries this is called
   * again shortly before it (5 minutes), so a long listing keeps going on refreshed STS keys.
   */
  readonly expiration?: Date;
}

/**
 * Credentials as a source accepts them: a value, or a function resolved lazily on the first request (and again
 * before `expiration`, when the result has one).
 */
export type CredentialsInput = Credentials | (() => Promise<Credentials> | Credentials);
