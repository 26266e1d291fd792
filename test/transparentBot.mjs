// A bot as its authors wrote it, for test/transparent.test.ts: the official `dingtalk-stream` SDK and
// axios, unchanged and with DingTalk's real hosts. Only its environment (HTTPS_PROXY, NODE_EXTRA_CA_CERTS)
// points it at Dingo. Arguments: clientId clientSecret. It prints "connected", then answers every message
// through its sessionWebhook.
import axios from 'axios';
import { DWClient, TOPIC_ROBOT } from 'dingtalk-stream';

const [clientId, clientSecret] = process.argv.slice(2);
const client = new DWClient({ clientId, clientSecret });
client.registerCallbackListener(TOPIC_ROBOT, async (message) => {
  const { text, senderNick, sessionWebhook } = JSON.parse(message.data);
  const accessToken = await client.getAccessToken(); // https://oapi.dingtalk.com/gettoken
  await axios.post(
    sessionWebhook,
    { msgtype: 'text', text: { content: `${senderNick}, you said: ${text.content.trim()}` } },
    { headers: { 'x-acs-dingtalk-access-token': accessToken } },
  );
  client.socketCallBackResponse(message.headers.messageId, { ok: true });
});
await client.connect();
const connected = setInterval(() => {
  if (client.connected) {
    clearInterval(connected);
    process.stdout.write('connected\n');
  }
}, 20);
process.on('SIGTERM', () => {
  client.disconnect();
  process.exit(0);
});
