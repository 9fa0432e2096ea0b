import { ConfigurationError } from '../errors.js';
import type { SqlParam } from './driver.js';
import type { InventoryFilter } from './types.js';

/**
 * A WHERE clause assembled from fixed column names and numbered parameters: values only ever travel as
 * parameters (lists as one jsonb array), never in the SQL text.
 */
export class Where {
  readonly params: SqlParam[] = [];
  private readonly clauses: string[] = [];

  param(value: SqlParam): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  anyOf(column: string, values: string | readonly string[] | undefined, field: string): this {
    if (values === undefined) return this;
    const list = typeof values === 'string' ? [values] : [...values];
    if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) {
      throw new ConfigurationError(`inventory: ${field} must be a non-empty string or a non-empty list of them.`, { field });
    }
    return this.add(`${column} IN (SELECT jsonb_array_elements_text(${this.param(JSON.stringify(list))}::jsonb))`);
  }

  /** The instance filter on a table aliased `alias` (backups, instances and policies share the column names). */
  filter(alias: string, f: InventoryFilter | undefined): this {
    if (!f) return this;
    return this.anyOf(`${alias}.provider`, f.providers, 'providers')
      .anyOf(`${alias}.account`, f.accounts, 'accounts')
      .anyOf(`${alias}.region`, f.regions, 'regions')
      .anyOf(`${alias}.instance_id`, f.instances, 'instances');
  }

  sql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

export function checkDate(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ConfigurationError(`inventory: ${field} must be a valid Date.`, { field });
  return value;
}
