import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';

/** The signing secret of the seed's custom robot "Alerts". */
export const CUSTOM_ROBOT_SECRET = 'SECtest-signing-secret';

/** TEST_DIRECTORY with custom robots in corp A's group: one of each security setting, and one without. */
export const CUSTOM_ROBOT_SEED: SeedFile = {
  ...TEST_DIRECTORY,
  corps: TEST_DIRECTORY.corps.map((corp) =>
    corp.corpId !== 'corpA'
      ? corp
      : {
          ...corp,
          groups: corp.groups?.map((group) =>
            group.openConversationId !== 'cidGroupA=='
              ? group
              : {
                  ...group,
                  customRobots: [
                    { name: 'Open Hook', accessToken: 'tok-open' },
                    { name: 'Alerts', accessToken: 'tok-signed', secret: CUSTOM_ROBOT_SECRET },
                    { name: 'Builds', accessToken: 'tok-keyword', keywords: ['build', 'deploy'] },
                    { name: 'Office', accessToken: 'tok-office', ipRanges: ['10.1.0.0/16', 'fd00::/8'] },
                    { name: 'Local', accessToken: 'tok-local', ipRanges: ['127.0.0.1/32', '::1'] },
                  ],
                },
          ),
        },
  ),
};

