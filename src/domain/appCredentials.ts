import type { AppRecord, DirectoryStore, SuiteRecord } from '../store/directoryStore.js';
import { secretsMatch } from '../secrets/secretsMatch.js';

type CredentialDirectory = Pick<DirectoryStore, 'findInternalApp' | 'findSuite'>;

/**
 * The checks of an app's own credentials, shared by the token endpoints and Stream's
 * `connections/open`: an internal app's appKey/appSecret or a suite's suiteKey/suiteSecret,
 * compared in constant time. appKeys and suiteKeys share one namespace (the seed and the
 * console keep them unique), so a key names at most one of them.
 */
export async function internalAppWithSecret(directory: CredentialDirectory, appKey: string | undefined, appSecret: string | undefined): Promise<AppRecord | undefined> {
  const app = appKey ? await directory.findInternalApp(appKey) : undefined;
  return app && appSecret !== undefined && secretsMatch(appSecret, app.appSecret) ? app : undefined;
}

export async function suiteWithSecret(directory: CredentialDirectory, suiteKey: string | undefined, suiteSecret: string | undefined): Promise<SuiteRecord | undefined> {
  const suite = suiteKey ? await directory.findSuite(suiteKey) : undefined;
  return suite && suiteSecret !== undefined && secretsMatch(suiteSecret, suite.suiteSecret) ? suite : undefined;
}

/** Whether `clientId`/`clientSecret` are an internal app's or a suite's credentials. */
export async function isAppOrSuite(directory: CredentialDirectory, clientId: string, clientSecret: string): Promise<boolean> {
  return (await internalAppWithSecret(directory, clientId, clientSecret)) !== undefined || (await suiteWithSecret(directory, clientId, clientSecret)) !== undefined;
}
