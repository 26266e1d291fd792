import { describe, expect, it } from 'vitest';
import type { BotDeliveryRecord, DeliveryLogEntry, StreamTicketRecord } from '../../src/store/botDeliveryStore.js';
import { BACKEND, useStore } from './storeFixtures.js';

/** A Stream delivery of corp A's robot appA, created at `at` and due then. */
const delivery = (deliveryId: string, at: number, fields: Partial<BotDeliveryRecord> = {}): BotDeliveryRecord => ({
  corpId: 'corpA',
  deliveryId,
  msgId: `msg-${deliveryId}`,
  robotCode: 'appA',
  clientId: 'appA',
  channel: 'stream',
  topic: '/v1.0/im/bot/messages/get',
  payload: JSON.stringify({ text: { content: deliveryId } }),
  status: 'waiting',
  pushes: 0,
  createdAt: at,
  dueAt: at,
  ...fields,
});

const logEntry = (deliveryId: string, event: DeliveryLogEntry['event'], at: number, fields: Partial<DeliveryLogEntry> = {}): DeliveryLogEntry => ({
  corpId: 'corpA',
  deliveryId,
  event,
  at,
  connectionId: null,
  detail: null,
  ...fields,
});

const ids = (deliveries: BotDeliveryRecord[]) => deliveries.map((d) => d.deliveryId);

describe(`store.botDeliveries on ${BACKEND}`, () => {
  const store = useStore();

  describe('Stream tickets', () => {
    const ticket: StreamTicketRecord = { ticketHash: 't1', clientId: 'appA', subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }], expiresAt: 5_000 };

    it('redeems a live ticket once', async () => {
      await store().botDeliveries.createTicket(ticket);
      expect(await store().botDeliveries.redeemTicket('t1', 4_999)).toEqual(ticket);
      expect(await store().botDeliveries.redeemTicket('t1', 4_999)).toBeUndefined();
    });

    it('redeems no expired or unknown ticket, and an expired one stays unused', async () => {
      await store().botDeliveries.createTicket(ticket);
      expect(await store().botDeliveries.redeemTicket('t1', 5_000)).toBeUndefined();
      expect(await store().botDeliveries.redeemTicket('unknown', 0)).toBeUndefined();
    });

    it('gives a ticket to exactly one of concurrent redemptions', async () => {
      await store().botDeliveries.createTicket(ticket);
      const redeemed = await Promise.all(Array.from({ length: 6 }, () => store().botDeliveries.redeemTicket('t1', 1_000)));
      expect(redeemed.filter((t) => t !== undefined)).toHaveLength(1);
    });
  });

  describe('insert and find', () => {
    it("finds a delivery of the corp as inserted, never another corp's", async () => {
      const http = delivery('d2', 2_000, { channel: 'http', robotCode: 'hookBot', topic: 'http://127.0.0.1:9/callback', status: 'pushed', pushes: 1, dueAt: 3_000 });
      await store().botDeliveries.insert(delivery('d1', 1_000));
      await store().botDeliveries.insert(http);
      expect(await store().botDeliveries.find('corpA', 'd1')).toEqual(delivery('d1', 1_000));
      expect(await store().botDeliveries.find('corpA', 'd2')).toEqual(http);
      expect(await store().botDeliveries.find('corpB', 'd1')).toBeUndefined();
    });
  });

  describe('what falls due', () => {
    async function someOpenAndSettled(): Promise<void> {
      await store().botDeliveries.insert(delivery('waitingLate', 1_000, { dueAt: 9_000 }));
      await store().botDeliveries.insert(delivery('pushed', 2_000, { status: 'pushed', pushes: 1, dueAt: 3_000 }));
      await store().botDeliveries.insert(delivery('waitingEarly', 3_000, { dueAt: 2_500 }));
      await store().botDeliveries.insert(delivery('acked', 500, { status: 'acked', pushes: 1, dueAt: 600 }));
      await store().botDeliveries.insert(delivery('otherCorp', 4_000, { corpId: 'corpB', robotCode: 'appB', clientId: 'appB', dueAt: 2_800 }));
    }

    it('listDue: open deliveries of every corp due at `now`, the earliest due first, at most `limit`', async () => {
      await someOpenAndSettled();
      expect(ids(await store().botDeliveries.listDue(3_000, 10))).toEqual(['waitingEarly', 'otherCorp', 'pushed']);
      expect(ids(await store().botDeliveries.listDue(3_000, 2))).toEqual(['waitingEarly', 'otherCorp']);
      expect(await store().botDeliveries.listDue(2_000, 10)).toEqual([]);
    });

    it("listWaiting: one app's deliveries waiting for a connection, oldest first", async () => {
      await someOpenAndSettled();
      expect(ids(await store().botDeliveries.listWaiting('appA', 10))).toEqual(['waitingLate', 'waitingEarly']);
      expect(ids(await store().botDeliveries.listWaiting('appA', 1))).toEqual(['waitingLate']);
      expect(ids(await store().botDeliveries.listWaiting('appB', 10))).toEqual(['otherCorp']);
      expect(await store().botDeliveries.listWaiting('suiteS', 10)).toEqual([]);
    });

    it('nextDueAt: when the earliest open delivery falls due, undefined when none is open', async () => {
      expect(await store().botDeliveries.nextDueAt()).toBeUndefined();
      await someOpenAndSettled();
      expect(await store().botDeliveries.nextDueAt()).toBe(2_500);
    });
  });

  describe('update', () => {
    it('moves a delivery on only from the expected status and push count', async () => {
      await store().botDeliveries.insert(delivery('d1', 1_000));
      expect(await store().botDeliveries.update('corpA', 'd1', { status: 'waiting', pushes: 0 }, { status: 'pushed', pushes: 1, dueAt: 6_000 })).toBe(true);
      // A second mover that expected the old state loses.
      expect(await store().botDeliveries.update('corpA', 'd1', { status: 'waiting', pushes: 0 }, { status: 'undelivered', pushes: 0, dueAt: 7_000 })).toBe(false);
      expect(await store().botDeliveries.update('corpA', 'd1', { status: 'pushed', pushes: 0 }, { status: 'acked', pushes: 0, dueAt: 7_000 })).toBe(false);
      expect(await store().botDeliveries.find('corpA', 'd1')).toMatchObject({ status: 'pushed', pushes: 1, dueAt: 6_000 });
      expect(await store().botDeliveries.update('corpB', 'd1', { status: 'pushed', pushes: 1 }, { status: 'acked', pushes: 1, dueAt: 7_000 })).toBe(false);
      expect(await store().botDeliveries.update('corpA', 'd1', { status: 'pushed', pushes: 1 }, { status: 'acked', pushes: 1, dueAt: 7_000 })).toBe(true);
      expect(await store().botDeliveries.nextDueAt()).toBeUndefined();
    });

    it('lets exactly one of concurrent movers from the same state win', async () => {
      await store().botDeliveries.insert(delivery('d1', 1_000));
      const moved = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store().botDeliveries.update('corpA', 'd1', { status: 'waiting', pushes: 0 }, { status: 'pushed', pushes: 1, dueAt: 2_000 + i })),
      );
      expect(moved.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('log and listWithLog', () => {
    it("lists the corp's deliveries newest first, filtered by robot, each with its log oldest first", async () => {
      await store().botDeliveries.insert(delivery('d1', 1_000));
      await store().botDeliveries.insert(delivery('d2', 2_000, { robotCode: 'suiteBot', clientId: 'suiteS' }));
      await store().botDeliveries.insert(delivery('d3', 3_000, { corpId: 'corpB', robotCode: 'appB' }));
      const d1Log = [logEntry('d1', 'queued', 1_000), logEntry('d1', 'pushed', 1_100, { connectionId: 'conn-1' }), logEntry('d1', 'acked', 1_200, { connectionId: 'conn-1', detail: 'ok' })];
      for (const entry of d1Log) await store().botDeliveries.log(entry);
      await store().botDeliveries.log(logEntry('d3', 'queued', 3_000, { corpId: 'corpB' }));

      const listed = await store().botDeliveries.listWithLog('corpA', { limit: 10 });
      expect(listed).toEqual([
        { ...delivery('d2', 2_000, { robotCode: 'suiteBot', clientId: 'suiteS' }), log: [] },
        { ...delivery('d1', 1_000), log: d1Log },
      ]);
      expect(ids(await store().botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 10 }))).toEqual(['d1']);
      expect(ids(await store().botDeliveries.listWithLog('corpA', { limit: 1 }))).toEqual(['d2']);
      expect(await store().botDeliveries.listWithLog('corpB', { limit: 10 })).toEqual([{ ...delivery('d3', 3_000, { corpId: 'corpB', robotCode: 'appB' }), log: [logEntry('d3', 'queued', 3_000, { corpId: 'corpB' })] }]);
    });

    it('keeps the log in the order of appending, also for entries at the same time', async () => {
      await store().botDeliveries.insert(delivery('d1', 1_000));
      const events = ['queued', 'pushed', 'redelivered', 'unacked'] as const;
      for (const event of events) await store().botDeliveries.log(logEntry('d1', event, 1_000));
      const [listed] = await store().botDeliveries.listWithLog('corpA', { limit: 1 });
      expect(listed?.log.map((e) => e.event)).toEqual(events);
    });
  });

  describe('deleteAll', () => {
    it('removes every delivery, log and ticket', async () => {
      await store().botDeliveries.insert(delivery('d1', 1_000));
      await store().botDeliveries.log(logEntry('d1', 'queued', 1_000));
      await store().botDeliveries.createTicket({ ticketHash: 't1', clientId: 'appA', subscriptions: [], expiresAt: 5_000 });
      await store().botDeliveries.deleteAll();
      expect(await store().botDeliveries.find('corpA', 'd1')).toBeUndefined();
      expect(await store().botDeliveries.listWithLog('corpA', { limit: 10 })).toEqual([]);
      expect(await store().botDeliveries.nextDueAt()).toBeUndefined();
      expect(await store().botDeliveries.redeemTicket('t1', 0)).toBeUndefined();
      // The log went with its delivery: one inserted again under the same id starts a fresh log.
      await store().botDeliveries.insert(delivery('d1', 1_000));
      expect(await store().botDeliveries.listWithLog('corpA', { limit: 10 })).toEqual([{ ...delivery('d1', 1_000), log: [] }]);
    });
  });

  describe('purge', () => {
    it('purgeExpiredTickets deletes the tickets expired at `now`, used or not, and keeps the live ones', async () => {
      const ticket = (ticketHash: string, expiresAt: number): StreamTicketRecord => ({ ticketHash, clientId: 'appA', subscriptions: [], expiresAt });
      for (const t of [ticket('t1', 5_000), ticket('t2', 4_000), ticket('t3', 5_001)]) await store().botDeliveries.createTicket(t);
      await store().botDeliveries.redeemTicket('t2', 1_000);
      expect(await store().botDeliveries.purgeExpiredTickets(5_000, 10)).toBe(2);
      expect(await store().botDeliveries.redeemTicket('t1', 1_000)).toBeUndefined();
      expect(await store().botDeliveries.redeemTicket('t3', 1_000)).toEqual(ticket('t3', 5_001));
      expect(await store().botDeliveries.purgeExpiredTickets(5_000, 10)).toBe(0);
    });

    it('purgeSettledBefore deletes the settled deliveries of every corp created before the cutoff, with their log; open and newer ones stay', async () => {
      await store().botDeliveries.insert(delivery('acked', 1_000, { status: 'acked', pushes: 1 }));
      await store().botDeliveries.insert(delivery('failed', 1_500, { corpId: 'corpB', robotCode: 'appB', status: 'failed', pushes: 3 }));
      await store().botDeliveries.insert(delivery('waiting', 1_000));
      await store().botDeliveries.insert(delivery('pushed', 1_000, { status: 'pushed', pushes: 1 }));
      await store().botDeliveries.insert(delivery('newer', 3_000, { status: 'acked', pushes: 1 }));
      for (const id of ['acked', 'waiting', 'newer']) await store().botDeliveries.log(logEntry(id, 'queued', 1_000));
      await store().botDeliveries.log(logEntry('failed', 'queued', 1_500, { corpId: 'corpB' }));
      expect(await store().botDeliveries.purgeSettledBefore(3_000, 10)).toBe(2);
      expect(await store().botDeliveries.find('corpA', 'acked')).toBeUndefined();
      expect(await store().botDeliveries.find('corpB', 'failed')).toBeUndefined();
      expect(await store().botDeliveries.listWithLog('corpB', { limit: 10 })).toEqual([]);
      const left = await store().botDeliveries.listWithLog('corpA', { limit: 10 });
      expect(left.map((d) => [d.deliveryId, d.log.length]).sort()).toEqual([
        ['newer', 1],
        ['pushed', 0],
        ['waiting', 1],
      ]);
      // The log went with its delivery: one inserted again under the same id starts a fresh log.
      await store().botDeliveries.insert(delivery('acked', 1_000, { status: 'acked', pushes: 1 }));
      expect((await store().botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 10 })).find((d) => d.deliveryId === 'acked')?.log).toEqual([]);
    });

    it('purgeSettledBefore deletes at most `limit` deliveries a call', async () => {
      for (const [id, at] of [['d1', 1_000], ['d2', 2_000], ['d3', 3_000]] as const) await store().botDeliveries.insert(delivery(id, at, { status: 'acked', pushes: 1 }));
      expect(await store().botDeliveries.purgeSettledBefore(10_000, 2)).toBe(2);
      expect(ids(await store().botDeliveries.listWithLog('corpA', { limit: 10 }))).toEqual(['d3']);
    });
  });
});
