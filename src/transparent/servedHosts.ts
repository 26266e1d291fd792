/** The hosts transparent mode answers for, as DingTalk's clients hard-code them. */
export const DINGTALK_HOSTS: readonly string[] = ['api.dingtalk.com', 'oapi.dingtalk.com', 'api.dingtalk.io'];

/** The DingTalk host that `CONNECT <authority>` names (`api.dingtalk.com:443`); undefined for any other target. */
export function dingTalkConnectHost(authority: string): string | undefined {
  const match = /^([a-z0-9.-]+):(\d+)$/.exec(authority.toLowerCase());
  if (!match || match[2] !== '443' || !DINGTALK_HOSTS.includes(match[1] as string)) return undefined;
  return match[1];
}

/** What a request line asks for. */
export type RequestTarget =
  /** `GET /path`: an ordinary request. */
  | { kind: 'origin' }
  /** `GET http(s)://<served host>/path`: served as `path`. */
  | { kind: 'served'; path: string }
  /** `GET http(s)://<any other host>/path`: refused, never forwarded. */
  | { kind: 'refused'; host: string };

export interface ServedHosts {
  /** Transparent mode is on: DingTalk's hosts are served. */
  dingTalk: boolean;
  /** Dingo's own addresses (`host:port` as in a URL), e.g. what the sessionWebhook URLs name. */
  own: readonly string[];
}

/**
 * Sorts a request's URL: an absolute URI (proxy form, as a client with `HTTP(S)_PROXY` sends it) is
 * served when it names a DingTalk host on its usual port (transparent mode only) or Dingo's own address.
 */
export function requestTarget(url: string, served: ServedHosts): RequestTarget {
  if (!/^https?:\/\//i.test(url)) return { kind: 'origin' };
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { kind: 'refused', host: url.slice(0, 100) };
  }
  const path = `${target.pathname}${target.search}`;
  if (served.own.includes(target.host)) return { kind: 'served', path };
  const usualPort = target.port === '' || target.port === '443' || target.port === '80';
  if (served.dingTalk && usualPort && DINGTALK_HOSTS.includes(target.hostname)) return { kind: 'served', path };
  return { kind: 'refused', host: target.host };
}
