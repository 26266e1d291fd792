/** The part of `dingtalk-robot-sender` (a CommonJS package without types) the tests use. */
declare module 'dingtalk-robot-sender' {
  interface AxiosLikeResponse {
    status: number;
    data: { errcode: number; errmsg: string };
  }
  interface At {
    atMobiles?: string[];
    atUserIds?: string[];
    isAtAll?: boolean;
  }
  export default class ChatBot {
    constructor(options: { webhook?: string; baseUrl?: string; accessToken?: string; secret?: string });
    text(content: string, at?: At): Promise<AxiosLikeResponse>;
    markdown(title: string, text: string, at?: At): Promise<AxiosLikeResponse>;
    link(link: { title: string; text: string; messageUrl: string; picUrl?: string }): Promise<AxiosLikeResponse>;
    actionCard(card: { title: string; text: string; btnOrientation?: string; btns: Array<{ title: string; actionURL: string }> }): Promise<AxiosLikeResponse>;
    feedCard(links: Array<{ title: string; messageURL: string; picURL: string }>): Promise<AxiosLikeResponse>;
  }
}
