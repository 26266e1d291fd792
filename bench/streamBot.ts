import axios from 'axios';
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';

/**
 * The bench's bot: the official `dingtalk-stream` SDK (`DWClient`), unchanged, its DingTalk
 * hosts rewritten to the Dingo it was last connected to (never anywhere else), acking every
 * message as soon as it arrives.
 */
export interface BenchBot {
  /** say → ack times (ms) of the messages acked since the last call, for texts `sayText` made. */
  takeLatencies(): number[];
  /** The sessionWebhook of the next message the bot receives. */
  nextSessionWebhook(): Promise<string>;
  stop(): void;
}

let sdkTarget: string | undefined;

/** Points the SDK's DingTalk calls (it shares this axios) at `dingoUrl`, from now on. */
function pointSdkAt(dingoUrl: string): void {
  if (sdkTarget === undefined) {
    axios.interceptors.request.use((config) => {
      config.url = config.url?.replace(/^https:\/\/(api|oapi)\.dingtalk\.com/, sdkTarget as string);
      return config;
    });
  }
  sdkTarget = dingoUrl;
}

/** A text that carries its send time, read back by the bot on arrival. */
export function sayText(): string {
  return `bench ${performance.now()}`;
}

export async function connectBenchBot(dingoUrl: string, clientId: string, clientSecret: string): Promise<BenchBot> {
  pointSdkAt(dingoUrl);
  const client = new DWClient({ clientId, clientSecret });
  let latencies: number[] = [];
  const webhookWaiters: Array<(url: string) => void> = [];
  client.registerCallbackListener(TOPIC_ROBOT, (message: DWClientDownStream) => {
    client.socketCallBackResponse(message.headers.messageId, { ok: true });
    const data = JSON.parse(message.data) as { text?: { content?: string }; sessionWebhook: string };
    const sentAt = /^bench (\d+(\.\d+)?)$/.exec(data.text?.content ?? '')?.[1];
    if (sentAt !== undefined) latencies.push(performance.now() - Number(sentAt));
    webhookWaiters.splice(0).forEach((wake) => wake(data.sessionWebhook));
  });
  await client.connect();
  for (let waited = 0; !client.connected; waited += 20) {
    if (waited > 10_000) throw new Error('the dingtalk-stream bot did not connect');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    takeLatencies() {
      const taken = latencies;
      latencies = [];
      return taken;
    },
    nextSessionWebhook: () => new Promise((resolve) => webhookWaiters.push(resolve)),
    stop: () => client.disconnect(),
  };
}
