/**
 * Huawei accounts (IAM domains) and their projects: one built-in project per region, named
 * after it, whose parent is the domain; and a sub-project (`{region}_{name}`, parent = the
 * region's project) that holds no instances, which a region-discovering client must skip.
 */
import { randHex, streamFor } from '../random.js';

export interface HuaweiProject {
  id: string;
  name: string;
  account: string;
  domainId: string;
  parentId: string;
  /** The region the project belongs to (a sub-project's is its parent's). */
  region: string;
  sub: boolean;
}

export class HuaweiDirectory {
  private readonly byId = new Map<string, HuaweiProject>();
  private readonly byAccount = new Map<string, HuaweiProject[]>();
  private readonly domains = new Map<string, string>();

  /** `regions`: every region the emulated Huawei has; each account gets a project in all of them. */
  constructor(seed: number, accounts: readonly string[], regions: readonly string[]) {
    accounts.forEach((account, a) => {
      // The first account's first project and its domain keep the ids a single-account emulator had.
      const first = streamFor(seed, 'huawei-account');
      const firstProject = randHex(first, 32);
      const domainId = a === 0 ? randHex(first, 32) : randHex(streamFor(seed, 'huawei-domain', account), 32);
      this.domains.set(account, domainId);
      const projects = regions.map((region, r): HuaweiProject => ({
        id: a === 0 && r === 0 ? firstProject : randHex(streamFor(seed, 'huawei-project', account, region), 32),
        name: region, account, domainId, parentId: domainId, region, sub: false,
      }));
      const parent = projects[0];
      if (parent) {
        projects.push({
          id: randHex(streamFor(seed, 'huawei-subproject', account), 32),
          name: `${parent.region}_backup-audit`, account, domainId, parentId: parent.id, region: parent.region, sub: true,
        });
      }
      this.byAccount.set(account, projects);
      for (const p of projects) this.byId.set(p.id, p);
    });
  }

  project(id: string): HuaweiProject | undefined {
    return this.byId.get(id);
  }

  projectsOf(account: string): readonly HuaweiProject[] {
    return this.byAccount.get(account) ?? [];
  }

  /** The built-in project of `account` in `region`. */
  projectIdFor(account: string, region: string): string {
    const p = this.projectsOf(account).find((x) => !x.sub && x.region === region);
    if (!p) throw new Error(`The emulator has no Huawei project for account ${account} in ${region}`);
    return p.id;
  }
}
