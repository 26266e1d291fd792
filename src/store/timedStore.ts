import type { Store, StoreAreas } from './store.js';

/** Where the store reports how long its calls take: a recorder per area and operation, asked for once each. */
export interface StoreLatency {
  recorderOf(area: string, operation: string): (seconds: number) => void;
}

/** Every area of the store; the compiler checks that none is missing. */
const AREAS = {
  directory: true,
  groups: true,
  webSessions: true,
  messages: true,
  sendOrders: true,
  tokens: true,
  platformLimits: true,
  serverSecrets: true,
  clockOffset: true,
  files: true,
  conversations: true,
  botDeliveries: true,
  customRobots: true,
  failedAttempts: true,
} as const satisfies Record<keyof StoreAreas, true>;
type AreaName = keyof typeof AREAS;
const AREA_NAMES = Object.keys(AREAS) as AreaName[];

/** One area as the timed store shows it: the area it times, behind methods shared by every store of that area. */
interface TimedArea {
  readonly inner: Record<string, (...args: unknown[]) => Promise<unknown>>;
}

/**
 * The store, each call of an area timed into `latency` (operation: the method's name), and each transaction
 * as the area `store`'s `transaction`. The timing methods are built once per area, from the first store's
 * areas: a transaction's store costs one small object per area, as the transaction's own store does.
 */
export function timedStore(store: Store, latency: StoreLatency): Store {
  const methods = new Map<AreaName, object>();
  for (const area of AREA_NAMES) methods.set(area, timedMethodsOf(area, store[area], latency));
  return new TimedStore(store, methods, latency.recorderOf('store', 'transaction'));
}

class TimedStore implements Store {
  readonly directory;
  readonly groups;
  readonly webSessions;
  readonly messages;
  readonly sendOrders;
  readonly tokens;
  readonly platformLimits;
  readonly serverSecrets;
  readonly clockOffset;
  readonly files;
  readonly conversations;
  readonly botDeliveries;
  readonly customRobots;
  readonly failedAttempts;

  constructor(
    private readonly inner: Store,
    private readonly methods: ReadonlyMap<AreaName, object>,
    private readonly recordTransaction: (seconds: number) => void,
  ) {
    const timed = <Area extends AreaName>(area: Area): Store[Area] => {
      const wrapper = Object.create(methods.get(area) as object) as { inner: unknown };
      wrapper.inner = inner[area];
      return wrapper as unknown as Store[Area];
    };
    this.directory = timed('directory');
    this.groups = timed('groups');
    this.webSessions = timed('webSessions');
    this.messages = timed('messages');
    this.sendOrders = timed('sendOrders');
    this.tokens = timed('tokens');
    this.platformLimits = timed('platformLimits');
    this.serverSecrets = timed('serverSecrets');
    this.clockOffset = timed('clockOffset');
    this.files = timed('files');
    this.conversations = timed('conversations');
    this.botDeliveries = timed('botDeliveries');
    this.customRobots = timed('customRobots');
    this.failedAttempts = timed('failedAttempts');
  }

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await this.inner.transaction((bound) => work(bound === this.inner ? this : new TimedStore(bound, this.methods, this.recordTransaction)));
    } finally {
      this.recordTransaction((performance.now() - started) / 1000);
    }
  }

  oneNodeAtATime<T>(work: () => Promise<T>): Promise<T> {
    return this.inner.oneNodeAtATime(work);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  resealUnder(newServerKey: Buffer): Promise<void> {
    return this.inner.resealUnder(newServerKey);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * A prototype with one timed method per method of `sample` (its class's and their ancestors'), each calling the
 * wrapper's `inner`, and a getter per getter of `sample` (e.g. SendOrderStore.belongsInTransaction) reading `inner`'s.
 */
function timedMethodsOf(area: AreaName, sample: object, latency: StoreLatency): object {
  const methods: Record<string, unknown> = {};
  for (const name of getterNamesOf(sample)) {
    Object.defineProperty(methods, name, {
      get(this: TimedArea) {
        return (this.inner as Record<string, unknown>)[name];
      },
    });
  }
  for (const name of methodNamesOf(sample)) {
    let record: ((seconds: number) => void) | undefined;
    methods[name] = async function timed(this: TimedArea, ...args: unknown[]): Promise<unknown> {
      const started = performance.now();
      try {
        return await (this.inner[name] as (...args: unknown[]) => Promise<unknown>).apply(this.inner, args);
      } finally {
        // Asked for at the first call: an operation never called shows no series.
        record ??= latency.recorderOf(area, name);
        record((performance.now() - started) / 1000);
      }
    };
  }
  return methods;
}

function methodNamesOf(object: object): Set<string> {
  return propertyNamesOf(object, (property) => typeof property.value === 'function');
}

function getterNamesOf(object: object): Set<string> {
  return propertyNamesOf(object, (property) => property.get !== undefined);
}

/** The names of the properties of `object`'s class and its ancestors that `wanted` accepts, the constructor aside. */
function propertyNamesOf(object: object, wanted: (property: PropertyDescriptor) => boolean): Set<string> {
  const names = new Set<string>();
  for (let prototype = Object.getPrototypeOf(object) as object | null; prototype !== null && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const property = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && property !== undefined && wanted(property)) names.add(name);
    }
  }
  return names;
}
