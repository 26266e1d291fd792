/**
 * The base URL of this Dingo as the outside world reaches it, for the URLs it hands
 * out (Stream endpoints, session webhooks, download links): `--public-url` when set,
 * otherwise the address the server listens on, known once it listens. Never built
 * from a request's Host header, which a caller chooses.
 */
export class PublicUrl {
  private readonly configured: string | undefined;
  private listening: string | undefined;

  constructor(configured: string | undefined) {
    this.configured = configured;
  }

  /** Called once the server listens: its own address serves when no public URL was configured. */
  listeningAt(address: string): void {
    this.listening = address;
  }

  /** `path` (starting with `/`) under the public base URL. */
  to(path: string): string {
    const base = this.configured ?? this.listening;
    if (base === undefined) throw new Error('the public URL is known only once the server listens');
    return base + path;
  }

  /** Dingo's own addresses (`host:port`): the public URL's and the listening one, once known. */
  ownHosts(): string[] {
    return [this.configured, this.listening].filter((base) => base !== undefined).map((base) => new URL(base).host);
  }
}
