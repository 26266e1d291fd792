/** What `POST /media/upload` takes in `type`: the four kinds of media DingTalk stores. */
export type MediaKind = 'image' | 'voice' | 'video' | 'file';

/** A stored file: its metadata, and where its bytes are (the sha256 of its content). */
export interface StoredFileRecord {
  corpId: string;
  /** Opaque id handed out by `/media/upload`, unique within the corp. */
  mediaId: string;
  /** Hex sha256 of the content: the bytes are kept under it (content-addressed). */
  sha256: string;
  kind: MediaKind;
  /** The file name the uploader gave. */
  name: string;
  /** The media type the uploader declared. */
  contentType: string;
  size: number;
  createdAt: number;
}

/** A robot's right to download one stored file, as handed to the bot in a user's message. */
export interface DownloadCodeRecord {
  corpId: string;
  downloadCode: string;
  robotCode: string;
  mediaId: string;
  createdAt: number;
}

/** Files: metadata in the database, bytes in the file-bytes store chosen at start (see FileBytes). */
export interface FileStore {
  /** Keeps `bytes` durably under `file.sha256` (once per content), then records the file. */
  insert(file: StoredFileRecord, bytes: Buffer): Promise<void>;
  find(corpId: string, mediaId: string): Promise<StoredFileRecord | undefined>;
  /**
   * The content the corp stored under `sha256`, or undefined when it has no file with
   * that content (another corp's identical file is not its) or the bytes are missing.
   */
  readBytes(corpId: string, sha256: string): Promise<Buffer | undefined>;
  /**
   * Deletes up to `limit` files of any corp stored before `before`, with their download codes, then the
   * bytes no remaining file refers to and no file stored since `before`; returns how many files it deleted.
   */
  purgeStoredBefore(before: number, limit: number): Promise<number>;
  insertDownloadCode(code: DownloadCodeRecord): Promise<void>;
  findDownloadCode(corpId: string, downloadCode: string): Promise<DownloadCodeRecord | undefined>;
}
