import type { Store } from '../store/store.js';
import type { SeedFile } from './seed.js';

/** Where a seed entry clashes with the database, as a SeedError names it: the path in the file and the problem. */
export interface SeedConflict {
  path: string;
  problem: string;
}

/**
 * What of `seed` the database already gives to someone else (docs/behaviour.md, The seed and the
 * database): an appKey or suiteKey of another corp's app or of a suite (keys are unique across the
 * deployment), a custom robot token of another corp. The seed file's own clashes are its checks'.
 */
export async function conflictOfSeedWithDatabase(store: Pick<Store, 'directory' | 'customRobots'>, seed: SeedFile): Promise<SeedConflict | undefined> {
  const { directory, customRobots } = store;
  for (const [ci, corp] of seed.corps.entries()) {
    for (const [ai, app] of (corp.apps ?? []).entries()) {
      const path = `corps[${ci}].apps[${ai}].appKey`;
      const owner = await directory.findInternalApp(app.appKey);
      if (owner && owner.corpId !== corp.corpId) return { path, problem: `appKey ${JSON.stringify(app.appKey)} is already an app of corp ${owner.corpId} in the database` };
      if (await directory.findSuite(app.appKey)) return { path, problem: `appKey ${JSON.stringify(app.appKey)} is already a suite's key in the database` };
    }
    for (const [gi, group] of (corp.groups ?? []).entries()) {
      for (const [ri, robot] of (group.customRobots ?? []).entries()) {
        const owner = await customRobots.findByToken(robot.accessToken);
        if (owner && owner.corpId !== corp.corpId) {
          return { path: `corps[${ci}].groups[${gi}].customRobots[${ri}].accessToken`, problem: `is already the token of a custom robot of corp ${owner.corpId} in the database` };
        }
      }
    }
  }
  for (const [si, suite] of (seed.suites ?? []).entries()) {
    const app = await directory.findInternalApp(suite.suiteKey);
    if (app) return { path: `suites[${si}].suiteKey`, problem: `suiteKey ${JSON.stringify(suite.suiteKey)} is already an app of corp ${app.corpId} in the database` };
  }
  return undefined;
}
