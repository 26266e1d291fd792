/** Secrets of the deployment, shared by every node (such as the key that seals `nextToken`s). */
export interface ServerSecretStore {
  /** The secret `name`, storing `candidate` as it when there is none yet (every node gets the same). */
  ensure(name: string, candidate: string): Promise<string>;
}
