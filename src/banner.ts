import type { Dingo } from './dingo.js';
import { DEMO } from './domain/directory.js';

const demoApp = DEMO.app;

/** The start-up banner, between rules: where Dingo listens, and, for the demo directory, how to try it. */
export async function formatBanner(dingo: Dingo): Promise<string> {
  const { url, services } = dingo;
  const { config, store } = services;
  const lines = [
    `Dingo ${services.version} — DingTalk robot messaging API${config.dev ? ' (dev mode: control plane at /_dingo)' : ''}`,
    '',
    `  API base URL  ${url}`,
    `  Web client    ${url}/`,
    `  Console       ${url}/console`,
    `  API docs      ${url}/docs`,
    `  Store         ${config.db.kind === 'sqlite' ? `sqlite:${config.db.file}` : 'postgres'}`,
    `  Directory     ${dingo.directorySource === 'store' ? 'kept from the store' : `applied from ${dingo.directorySource}`}`,
  ];
  const authority = services.certificateAuthority;
  if (authority !== undefined) {
    lines.push(
      '',
      "Transparent mode: a bot that hard-codes DingTalk's hosts reaches this Dingo with these lines in its environment:",
      ...transparentModeEnvironment(url, authority.certPath).map((line) => `  ${line}`),
    );
  }
  const app = await store.directory.findInternalApp(demoApp.appKey);
  if (app?.appSecret === demoApp.appSecret) {
    const token = `curl -s -X POST ${url}/v1.0/oauth2/accessToken -H 'content-type: application/json' -d '{"appKey":"${demoApp.appKey}","appSecret":"${demoApp.appSecret}"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/'`;
    const message = JSON.stringify({
      robotCode: demoApp.appKey,
      userIds: [DEMO.manager.userId],
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify({ title: 'Hello', text: '## Hello from Dingo\nSent with **curl**.' }),
    });
    lines.push(
      '',
      `Demo directory (corp ${DEMO.corpId}):`,
      `  appKey     ${demoApp.appKey}`,
      `  appSecret  ${demoApp.appSecret}`,
      `  robotCode  ${demoApp.appKey}`,
      `  userIds    ${DEMO.users.map((u) => u.userId).join(', ')}  (web sign-in password: demo)`,
      '',
      'Try it: get a token, then send a message (it appears in the web client):',
      `  TOKEN=$(${token})`,
      `  curl -s -X POST ${url}/v1.0/robot/oToMessages/batchSend -H "x-acs-dingtalk-access-token: $TOKEN" -H 'content-type: application/json' -d '${message.replaceAll("'", "'\\''")}' -w '\\n'`,
    );
  }
  return `\n${RULE}\n${lines.join('\n')}\n${RULE}\n\n`;
}

/** The environment lines that point a client at Dingo as its HTTPS proxy and make it trust Dingo's CA (docs/clients.md). */
export function transparentModeEnvironment(proxyUrl: string, caCertPath: string): string[] {
  return [
    `HTTPS_PROXY=${proxyUrl}`,
    `NODE_EXTRA_CA_CERTS=${caCertPath}`,
    `REQUESTS_CA_BUNDLE=${caCertPath}`,
    `SSL_CERT_FILE=${caCertPath}`,
  ];
}

/** Sets the banner apart from the log lines around it. */
const RULE = '─'.repeat(78);
