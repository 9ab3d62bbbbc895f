import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Distinct (app id, service URL, audience) clients kept; a few per cloud region in practice. */
export const DEFAULT_MAX_CACHED_CLIENTS = 64;

/** The app id botframework-connector itself derives from the claims (audience claim, else appid claim). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Insertion-ordered map with a size cap: the oldest entry goes first. Failed creations are not kept. */
class BoundedPromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  getOrCreate(key: string, create: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const created = create();
    this.entries.set(key, created);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return created;
  }
}

/** Hands out one ConnectorClient per (service URL, audience) for the app id it was made for. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: BoundedPromiseCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.getOrCreate(`${this.appId}\n${serviceUrl ?? ''}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient (each a full HTTP pipeline) on every
 * inbound activity, even an expectReplies one that never calls out: about a seventh of the bytes a
 * turn allocates. They hold no per-turn state (only the app's credentials, whose token cache then
 * stays warm too), so, as the older BotFrameworkAdapter did, they are kept per app id, service URL
 * and audience. Authentication itself is untouched: every request is still validated by `inner`.
 * The caches are bounded because the service URL comes from the request.
 */
export class ClientCachingAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: BoundedPromiseCache<ConnectorClient>;
  private readonly userTokenClients: BoundedPromiseCache<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    maxCachedClients = DEFAULT_MAX_CACHED_CLIENTS,
  ) {
    super();
    if (!Number.isInteger(maxCachedClients) || maxCachedClients < 1) {
      throw new RangeError(`maxCachedClients must be a positive integer, got ${maxCachedClients}`);
    }
    this.connectorClients = new BoundedPromiseCache(maxCachedClients);
    this.userTokenClients = new BoundedPromiseCache(maxCachedClients);
  }

  /** Clients currently kept (tests and diagnostics). */
  cachedClientCounts(): { connectorClients: number; userTokenClients: number } {
    return { connectorClients: this.connectorClients.size, userTokenClients: this.userTokenClients.size };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.caching(result.connectorFactory, result.claimsIdentity) } : result;
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.caching(result.connectorFactory, result.claimsIdentity) } : result;
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.caching(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.getOrCreate(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private caching(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(factory, appIdOf(claimsIdentity), this.connectorClients);
  }
}
