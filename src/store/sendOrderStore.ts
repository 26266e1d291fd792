/**
 * Where messages sit in their chats: one atomic counter per corp, shared by every
 * node, so messages sent through different nodes keep the order they were sent in.
 */
export interface SendOrderStore {
  /**
   * Whether `next` belongs inside the transaction that stores the message. True on SQLite: one writer, so it costs
   * nothing there and saves a commit of its own. False on PostgreSQL: there it would hold the corp's counter
   * locked until the commit, and every send of the corp would wait for the one before it; taken before the
   * transaction, a send that then fails only leaves a gap in the order.
   */
  readonly belongsInTransaction: boolean;
  /**
   * The corp's next send order: `atLeast`, or one past the last one given out when that is higher. Calls answered
   * together (PostgreSQL gives out the orders asked for within one turn in one statement) get orders increasing
   * in the order they asked, each at least its `atLeast` and above the last one given out before; numbers skipped are gaps.
   */
  next(corpId: string, atLeast: number): Promise<number>;
}
