import type {
  AppEditRequest,
  AppSecretResponse,
  AppSettingsRequest,
  ChatMessagesResponse,
  ChatsResponse,
  ConsoleCorpsResponse,
  ConsoleDirectory,
  ConsoleMessagesResponse,
  ConsoleRecallResponse,
  CustomRobotRequest,
  DevSignInRequest,
  DevUsersResponse,
  MarkChatReadResponse,
  RobotReception,
  SendMessageRequest,
  SendMessageResponse,
  SessionResponse,
  SignInRequest,
  UpdateRobotRequest,
  UpsertCoolAppRequest,
  UpsertGroupRequest,
  UpsertPrivateChatRequest,
  UpsertUserRequest,
  WritableRobotsResponse,
} from './contract';

/** A failed API call, with the server's `{code, message, requestid}` when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

/** The filters of the console's message log (docs/behaviour.md, Web client and console); absent ones do not filter. */
export interface ConsoleMessageFilter {
  robotCode?: string;
  userId?: string;
  status?: 'sent' | 'recalled';
  limit?: number;
}

interface ErrorBody {
  code: string;
  message: string;
  requestid?: string;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** A path segment: chat IDs and keys carry `:`, `/`, `=` and `+`. */
const segment = encodeURIComponent;

/**
 * The typed fetch layer over web/src/api/contract.ts. Every call sends the
 * session cookie and either resolves with the documented body or rejects
 * with an ApiError. `onUnauthorized` hears of every 401, so the app can
 * return to the sign-in page when the session ends. Console calls go to
 * `consoleCorpId`'s console when it is set (`forCorp`).
 */
export class ApiClient {
  constructor(
    private readonly onUnauthorized: () => void = () => {},
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly consoleCorpId: string | null = null,
  ) {}

  /** The same client, its console calls on `corpId`'s console (null: the signed-in admin's corp). */
  forCorp(corpId: string | null): ApiClient {
    return new ApiClient(this.onUnauthorized, this.fetchImpl, corpId);
  }

  /** A console path with the console's corp, and `query`, in its query string. */
  private consolePath(path: string, query: Record<string, string | number | undefined> = {}): string {
    const search = new URLSearchParams();
    if (this.consoleCorpId !== null) search.set('corpId', this.consoleCorpId);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') search.set(name, String(value));
    }
    const text = search.toString();
    return text === '' ? path : `${path}?${text}`;
  }

  private async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'Dingo cannot be reached. Is the server running?');
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): reported below by status.
    }
    if (response.ok) return parsed as T;
    if (response.status === 401) this.onUnauthorized();
    if (isErrorBody(parsed)) throw new ApiError(response.status, parsed.code, parsed.message, parsed.requestid ?? null);
    throw new ApiError(response.status, `http.${response.status}`, `The server answered ${response.status} ${response.statusText}`.trim());
  }

  // ---- Session ----

  session(): Promise<SessionResponse> {
    return this.request('GET', '/api/session');
  }

  signIn(credentials: SignInRequest): Promise<SessionResponse> {
    return this.request('POST', '/api/session', credentials);
  }

  devSignIn(user: DevSignInRequest): Promise<SessionResponse> {
    return this.request('POST', '/api/session/dev', user);
  }

  async signOut(): Promise<void> {
    await this.request<{ ok: true }>('DELETE', '/api/session');
  }

  devUsers(): Promise<DevUsersResponse> {
    return this.request('GET', '/api/dev/users');
  }

  // ---- Chats ----

  chats(): Promise<ChatsResponse> {
    return this.request('GET', '/api/chats');
  }

  chatMessages(chatId: string): Promise<ChatMessagesResponse> {
    return this.request('GET', `/api/chats/${segment(chatId)}/messages`);
  }

  sendMessage(chatId: string, request: SendMessageRequest): Promise<SendMessageResponse> {
    return this.request('POST', `/api/chats/${segment(chatId)}/messages`, request);
  }

  markChatRead(chatId: string): Promise<MarkChatReadResponse> {
    return this.request('POST', `/api/chats/${segment(chatId)}/read`, {});
  }

  writableRobots(): Promise<WritableRobotsResponse> {
    return this.request('GET', '/api/robots');
  }

  // ---- Console ----

  consoleCorps(): Promise<ConsoleCorpsResponse> {
    return this.request('GET', '/api/console/corps');
  }

  consoleMessages(filter: ConsoleMessageFilter = {}): Promise<ConsoleMessagesResponse> {
    return this.request('GET', this.consolePath('/api/console/messages', { ...filter }));
  }

  robotReception(robotCode: string): Promise<RobotReception> {
    return this.request('GET', this.consolePath(`/api/console/robots/${segment(robotCode)}/reception`));
  }

  recallMessage(processQueryKey: string): Promise<ConsoleRecallResponse> {
    return this.request('POST', this.consolePath('/api/console/messages/recall'), { processQueryKey });
  }

  directory(): Promise<ConsoleDirectory> {
    return this.request('GET', this.consolePath('/api/console/directory'));
  }

  upsertUser(userId: string, user: UpsertUserRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/users/${segment(userId)}`), user);
  }

  updateRobot(robotCode: string, robot: UpdateRobotRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/robots/${segment(robotCode)}`), robot);
  }

  createApp(app: AppSettingsRequest): Promise<ConsoleDirectory> {
    return this.request('POST', this.consolePath('/api/console/apps'), app);
  }

  appSecret(appKey: string): Promise<AppSecretResponse> {
    return this.request('GET', this.consolePath(`/api/console/apps/${segment(appKey)}/secret`));
  }

  updateApp(appKey: string, app: AppEditRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/apps/${segment(appKey)}`), app);
  }

  upsertCoolApp(coolAppCode: string, coolApp: UpsertCoolAppRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/cool-apps/${segment(coolAppCode)}`), coolApp);
  }

  upsertPrivateChat(openConversationId: string, chat: UpsertPrivateChatRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/private-chats/${segment(openConversationId)}`), chat);
  }

  upsertGroup(openConversationId: string, group: UpsertGroupRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/groups/${segment(openConversationId)}`), group);
  }

  createCustomRobot(openConversationId: string, robot: CustomRobotRequest): Promise<ConsoleDirectory> {
    return this.request('POST', this.consolePath(`/api/console/groups/${segment(openConversationId)}/customRobots`), robot);
  }

  updateCustomRobot(robotCode: string, robot: CustomRobotRequest): Promise<ConsoleDirectory> {
    return this.request('PUT', this.consolePath(`/api/console/customRobots/${segment(robotCode)}`), robot);
  }

  deleteCustomRobot(robotCode: string): Promise<ConsoleDirectory> {
    return this.request('DELETE', this.consolePath(`/api/console/customRobots/${segment(robotCode)}`));
  }
}
