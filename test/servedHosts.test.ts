import { describe, expect, it } from 'vitest';
import { dingTalkConnectHost, requestTarget } from '../src/transparent/servedHosts.js';

describe('the hosts transparent mode serves', () => {
  it.each([
    ['api.dingtalk.com:443', 'api.dingtalk.com'],
    ['OAPI.DingTalk.com:443', 'oapi.dingtalk.com'],
    ['api.dingtalk.io:443', 'api.dingtalk.io'],
    ['api.dingtalk.com:80', undefined],
    ['example.com:443', undefined],
    ['api.dingtalk.com.example.com:443', undefined],
    ['evil-api.dingtalk.com:443', undefined],
    ['127.0.0.1:3000', undefined],
    ['api.dingtalk.com', undefined],
  ])('CONNECT %s → %s', (authority, host) => {
    expect(dingTalkConnectHost(authority)).toBe(host);
  });

  const transparent = { dingTalk: true, own: ['127.0.0.1:3000'] };
  it.each([
    ['/v1.0/oauth2/accessToken', { kind: 'origin' }],
    ['https://api.dingtalk.com/v1.0/gateway/connections/open', { kind: 'served', path: '/v1.0/gateway/connections/open' }],
    ['http://oapi.dingtalk.com/gettoken?appkey=a', { kind: 'served', path: '/gettoken?appkey=a' }],
    ['http://127.0.0.1:3000/robot/sendBySession?session=s', { kind: 'served', path: '/robot/sendBySession?session=s' }],
    ['http://127.0.0.1:3001/robot/sendBySession', { kind: 'refused', host: '127.0.0.1:3001' }],
    ['https://api.dingtalk.com:8443/v1.0/x', { kind: 'refused', host: 'api.dingtalk.com:8443' }],
    ['http://example.com/', { kind: 'refused', host: 'example.com' }],
    ['https://api.dingtalk.com.evil.example/', { kind: 'refused', host: 'api.dingtalk.com.evil.example' }],
  ])('a request for %s is %o', (url, target) => {
    expect(requestTarget(url, transparent)).toEqual(target);
  });

  it("serves only Dingo's own address when transparent mode is off", () => {
    const off = { dingTalk: false, own: ['127.0.0.1:3000'] };
    expect(requestTarget('https://api.dingtalk.com/v1.0/oauth2/accessToken', off)).toEqual({ kind: 'refused', host: 'api.dingtalk.com' });
    expect(requestTarget('http://127.0.0.1:3000/healthz', off)).toEqual({ kind: 'served', path: '/healthz' });
  });
});
