/**
 * Where each sealed column's values are bound (the authenticated context of StoredSecrets.seal):
 * a value copied to another row or column does not open there. And the purposes of lookup hashes.
 */
export const sealedAt = {
  appSecret: (corpId: string, appKey: string) => place('apps.app_secret', corpId, appKey),
  suiteSecret: (suiteKey: string) => place('suites.suite_secret', suiteKey),
  accessToken: (corpId: string, appKey: string) => place('access_tokens.sealed_token', corpId, appKey),
  customRobotToken: (corpId: string, robotCode: string) => place('custom_robots.access_token', corpId, robotCode),
  customRobotSecret: (corpId: string, robotCode: string) => place('custom_robots.secret', corpId, robotCode),
  serverSecret: (name: string) => place('server_secrets.value', name),
} as const;

export const lookupOf = {
  accessToken: 'access_tokens.token',
  customRobotToken: 'custom_robot_tokens.access_token',
} as const;

function place(column: string, ...key: string[]): string {
  return JSON.stringify([column, ...key]);
}
