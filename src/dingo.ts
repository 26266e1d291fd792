import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { OffsetClock } from './clock.js';
import type { DingoConfig } from './config.js';
import { HttpCallbackChannel } from './callbacks/httpCallbackChannel.js';
import { BotDeliveries } from './domain/botDeliveries.js';
import { Conversations } from './domain/conversations.js';
import { ConsoleAccess } from './domain/consoleAccess.js';
import { CorpConsole } from './domain/corpConsole.js';
import { CustomRobots } from './domain/customRobots.js';
import { CustomRobotWebhook } from './domain/customRobotWebhook.js';
import { sendDemoWelcome } from './domain/demoWelcome.js';
import { applySeed, DEMO_DIRECTORY } from './domain/directory.js';
import { CachedDirectory } from './domain/directoryCaches.js';
import { DeliveryLog } from './domain/deliveryLog.js';
import { Faults } from './domain/faults.js';
import { FlowControl } from './domain/flowControl.js';
import { GroupMessaging } from './domain/groupChat.js';
import { LegacyUsers } from './domain/legacyUsers.js';
import { MediaFiles } from './domain/mediaFiles.js';
import { OneToOneMessaging } from './domain/oneToOne.js';
import { FailedAttempts } from './domain/failedAttempts.js';
import { PlatformLimits } from './domain/platformLimits.js';
import { PrivateChatMessaging } from './domain/privateChat.js';
import { ReaderCursor } from './domain/readerCursor.js';
import { Retention } from './domain/retention.js';
import { RobotAdmission } from './domain/robotAdmission.js';
import { RobotMessages } from './domain/robotMessages.js';
import { SealedBox } from './secrets/sealedBox.js';
import { loadServerKey, serverKeySourceOf } from './secrets/serverKey.js';
import { SendOrder } from './domain/sendOrder.js';
import { SessionWebhooks } from './domain/sessionWebhooks.js';
import { StreamTickets } from './domain/streamTickets.js';
import { readSeedFile, SeedError, type SeedFile } from './domain/seed.js';
import { conflictOfSeedWithDatabase } from './domain/seedConflicts.js';
import { StoredClockOffset } from './domain/storedClockOffset.js';
import { TokenService } from './domain/tokens.js';
import { UserChats } from './domain/userChats.js';
import { WebSessions } from './domain/webSessions.js';
import { EventBus } from './events/bus.js';
import { CacheInvalidation } from './events/cacheInvalidation.js';
import { InProcessChannel, type NodeChannel } from './events/nodeChannel.js';
import { PostgresChannel } from './events/postgresChannel.js';
import { PrometheusMetrics } from './metrics/prometheusMetrics.js';
import { StreamGateway } from './gateway/streamGateway.js';
import { CUSTOM_ROBOT_WEBHOOK_PATH } from './http/customRobotWebhook.js';
import { AllowedHosts } from './http/allowedHosts.js';
import { buildHttpServer } from './http/server.js';
import { SESSION_WEBHOOK_PATH } from './http/sessionWebhook.js';
import { createLogger } from './logging.js';
import { VERSION } from './packageRoot.js';
import { PublicUrl } from './publicUrl.js';
import type { Services } from './services.js';
import { openStore } from './store/openStore.js';
import type { Store } from './store/store.js';
import { timedStore } from './store/timedStore.js';
import { caDirectoryOf, CertificateAuthority, temporaryCaDirectory } from './transparent/certificateAuthority.js';

/** A running Dingo: its address, its services, and how to stop it. */
export interface Dingo {
  /** Base URL of the API and the web client, e.g. http://127.0.0.1:3000 */
  url: string;
  services: Services;
  server: FastifyInstance;
  /** Which directory this start applied: the seed file, the given data, the demo one, or none (store kept as it was). */
  directorySource: 'seed file' | 'seed data' | 'demo' | 'store';
  /** Stops taking requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** A directory to apply instead of `config.seed` (for embedding Dingo in a test suite). */
  seedData?: SeedFile;
  /** The clock to use; tests hand in one they control. */
  clock?: OffsetClock;
  /** Where the log goes instead of standard output (a test reading what was logged). */
  logDestination?: NodeJS.WritableStream;
}

/**
 * Applies the seed, or the demo directory to a store without any corp; says which it applied. A seed
 * that clashes with the database stops the start with a SeedError naming `seedFile` (or "seed data").
 */
async function applyDirectory(store: Store, seed: SeedFile | undefined, seedFile: string | undefined): Promise<Dingo['directorySource']> {
  if (seed !== undefined) {
    const conflict = await conflictOfSeedWithDatabase(store, seed);
    if (conflict) throw new SeedError(seedFile ?? 'seed data', conflict.path, conflict.problem);
    await applySeed(store, seed);
    return seedFile === undefined ? 'seed data' : 'seed file';
  }
  if (await store.directory.hasAnyCorp()) return 'store';
  await applySeed(store, DEMO_DIRECTORY);
  return 'demo';
}

/** Opens the store, applies the directory, and starts serving. */
export async function startDingo(config: DingoConfig, options: StartOptions = {}): Promise<Dingo> {
  const logger = createLogger(config, options.logDestination);
  const metrics = new PrometheusMetrics();
  const store = timedStore(await openStore(config.db, loadServerKey(serverKeySourceOf(config)), { filesDir: config.filesDir, sqliteSynchronous: config.sqliteSynchronous }), metrics);
  const configuredCaDirectory = config.transparent ? caDirectoryOf(config) : undefined;
  const temporaryCa = config.transparent && configuredCaDirectory === undefined ? temporaryCaDirectory() : undefined;
  /** Set once the HTTP server is built: stops the Stream sockets and the server. */
  let stopServing: (() => Promise<void>) | undefined;
  let channel: NodeChannel | undefined;
  /**
   * Stops serving, then closes the channel between nodes and the store and removes the temporary CA
   * directory (`sqlite::memory:`), whatever failed before.
   */
  const release = async () => {
    try {
      await stopServing?.();
    } finally {
      try {
        await channel?.close();
        await store.close();
      } finally {
        if (temporaryCa !== undefined) rmSync(temporaryCa, { recursive: true, force: true });
      }
    }
  };
  try {
    channel = config.db.kind === 'postgres' ? await PostgresChannel.open(config.db.url, logger) : new InProcessChannel();
    const clock = options.clock ?? new OffsetClock();
    const clockOffset = new StoredClockOffset(clock, store.clockOffset, channel);
    await clockOffset.restore();
    const seed = options.seedData ?? (config.seed === undefined ? undefined : await readSeedFile(config.seed));
    // One node at a time: of nodes starting together on an empty database, only the first finds no
    // corp, creates the demo directory and, below, sends its welcome messages; and only the first
    // creates the CA when they share its directory (by default `.dingo/ca/` in the working directory).
    // The CA comes first: a CA that cannot be used stops the start before the directory is touched.
    const { certificateAuthority, directorySource, cursorKey, downloadUrlKey } = await store.oneNodeAtATime(async () => ({
      certificateAuthority: config.transparent ? CertificateAuthority.openOrCreate((configuredCaDirectory ?? temporaryCa) as string) : undefined,
      directorySource: await applyDirectory(store, seed, options.seedData ? undefined : config.seed),
      cursorKey: await store.serverSecrets.ensure('reader-cursor-key', randomBytes(32).toString('base64')),
      downloadUrlKey: await store.serverSecrets.ensure('download-url-key', randomBytes(32).toString('base64')),
    }));
    const caches = new CacheInvalidation(channel);
    // The directory may have changed under other nodes' caches.
    caches.invalidateAll();
    const events = new EventBus(channel, store);
    const sendOrder = new SendOrder(store.sendOrders);
    const messages = new RobotMessages(store, clock, events, sendOrder, new CachedDirectory(store.directory, caches), metrics);
    const readerCursor = new ReaderCursor(Buffer.from(cursorKey, 'base64'));
    const publicUrl = new PublicUrl(config.publicUrl);
    const streamTickets = new StreamTickets(store, clock);
    const streamGateway = new StreamGateway(streamTickets, clock, config.streamConnectionsPerApp);
    const sessionWebhooks = new SessionWebhooks(messages, clock, (session) => publicUrl.to(`${SESSION_WEBHOOK_PATH}?session=${encodeURIComponent(session)}`), config.sessionWebhookLimit);
    const faults = new Faults(config.dev);
    const botDeliveries = new BotDeliveries(
      store,
      clock,
      { stream: streamGateway, http: new HttpCallbackChannel(store.directory, clock, config.callbackTimeoutMs) },
      sessionWebhooks,
      faults,
      config.redeliveryMs,
      channel,
      metrics,
    );
    streamGateway.reportTo({
      connected: (clientId) => botDeliveries.receiverConnected(clientId),
      acked: (push, connectionId) => botDeliveries.acknowledge(push, connectionId),
    });
    const failedAttempts = new FailedAttempts(store, clock);
    const tokens = new TokenService(store, clock, failedAttempts, caches);
    const limits = new PlatformLimits(config, clock, store);
    const customRobots = new CustomRobots(store, (accessToken) => publicUrl.to(`${CUSTOM_ROBOT_WEBHOOK_PATH}?access_token=${encodeURIComponent(accessToken)}`));
    const retention = new Retention(store, clock, config.retentionDays);
    const mediaFiles = new MediaFiles(store, clock, messages, new SealedBox(Buffer.from(downloadUrlKey, 'base64')), publicUrl);
    const sessions = new WebSessions(store, clock, channel, failedAttempts);
    const services: Services = {
      version: VERSION,
      config,
      publicUrl,
      allowedHosts: new AllowedHosts(config, publicUrl),
      clock,
      clockOffset,
      store,
      metrics,
      tokens,
      limits,
      admission: new RobotAdmission(tokens, limits, faults),
      events,
      messages,
      oneToOne: new OneToOneMessaging(messages, new FlowControl(config.flowLimit), metrics),
      privateChat: new PrivateChatMessaging(messages, readerCursor),
      groupChat: new GroupMessaging(messages, readerCursor),
      sessions,
      caches,
      chats: new UserChats(messages),
      corpConsole: new CorpConsole(messages, customRobots, sessions, caches),
      consoleAccess: new ConsoleAccess(config.dev, store.directory),
      mediaFiles,
      legacyUsers: new LegacyUsers(store.directory),
      conversations: new Conversations(store, clock, events, sendOrder, sessionWebhooks, botDeliveries, mediaFiles),
      sessionWebhooks,
      customRobots,
      customRobotWebhook: new CustomRobotWebhook(messages, failedAttempts),
      streamTickets,
      botDeliveries,
      faults,
      deliveryLog: new DeliveryLog(store, streamGateway),
      streamGateway,
      certificateAuthority,
      retention,
    };
    const server = await buildHttpServer(services, logger);
    streamGateway.attachTo(server.server, (request) => services.allowedHosts.allowsRequest(request));
    stopServing = async () => {
      streamGateway.close();
      await server.close();
    };
    const address = await server.listen({ host: config.host, port: config.port });
    const url = address.replace('://[::1]', '://localhost');
    services.publicUrl.listeningAt(url);
    if (directorySource === 'demo') await sendDemoWelcome(messages, url);
    botDeliveries.start();
    retention.start((error) => logger.warn({ err: error }, 'the purge of old data failed; it runs again later'));
    return {
      url,
      services,
      server,
      directorySource,
      async close() {
        await botDeliveries.stop();
        await retention.stop();
        await release();
      },
    };
  } catch (error) {
    // A start that fails after listening (the demo welcome with the database gone) stops serving too.
    await release();
    throw error;
  }
}
