import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDebtor, type Debtor } from './debtor.js';

/** Where the server finds the account a call is about, by debtor id. */
export interface DebtorRepository {
  get(debtorId: string): Promise<Debtor | undefined>;
}

/**
 * Debtor records kept as JSON files in one folder (fixtures/debtors by default), each validated
 * when the folder is loaded so a bad record fails at start, not mid-call.
 */
export class DirectoryDebtorRepository implements DebtorRepository {
  private readonly debtors = new Map<string, Debtor>();

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
      const path = join(dir, file);
      const debtor = parseDebtor(JSON.parse(readFileSync(path, 'utf8')), `debtor file ${path}`);
      this.debtors.set(debtor.id, debtor);
    }
  }

  async get(debtorId: string): Promise<Debtor | undefined> {
    return this.debtors.get(debtorId);
  }

  /** Every debtor id known. */
  ids(): string[] {
    return [...this.debtors.keys()];
  }
}
