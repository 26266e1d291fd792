/**
 * Where messages sit in their chats: one atomic counter per corp, shared by every
 * node, so messages sent through different nodes keep the order they were sent in.
 */
export interface SendOrderStore {
  /** The corp's next send order: `atLeast`, or one past the last one given out when that is higher. */
  next(corpId: string, atLeast: number): Promise<number>;
}
