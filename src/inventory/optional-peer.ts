import { ConfigurationError } from '../errors.js';

/**
 * Loads an optional peer dependency. The inventory's engines are optional so that library users who never
 * sync install neither; the one they choose must be installed, and the error says which and how.
 */
export async function loadPeer<M>(name: string, load: () => Promise<M>, purpose: string): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error, name)) {
      throw new ConfigurationError(`${purpose} needs the package "${name}", which is not installed. Install it next to cloud-backups: npm install ${name}`, {
        field: 'url',
        cause: error,
      });
    }
    throw error;
  }
}

function isModuleNotFound(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error.message.includes(name);
}
