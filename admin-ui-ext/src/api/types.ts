/** Payloads of the Tenancy REST API, as fixed by docs/contract (shared/contract.md). */

export type RealmOrgsConfig = { scimEnabled: boolean };

export const AUTH_TYPES = [
  "KEYCLOAK",
  "EXTERNAL_JWT",
  "EXTERNAL_SECRET",
  "EXTERNAL_BASIC",
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const DEPROVISION_MODES = ["DISABLE", "DELETE", "REMOVE_MEMBERSHIP"] as const;
export type Deprovision = (typeof DEPROVISION_MODES)[number];

export type ScimAuth = {
  type: AuthType;
  clientId?: string;
  issuer?: string;
  audience?: string;
  jwksUri?: string;
  secret?: string;
  username?: string;
  password?: string;
  secretSet?: boolean;
  passwordSet?: boolean;
  /** Set while the previous shared secret is still accepted after a rotation. */
  previousSecretValidUntil?: string;
};

export type ScimConfig = {
  enabled: boolean;
  auth: ScimAuth;
  emailAsUsername?: boolean;
  identityProvider?: string | null;
  deprovision: Deprovision;
  adoptExistingUsers: boolean;
  /** Read-only: where this organization's SCIM service provider answers. */
  scimBaseUrl?: string;
};

export type ScimError = string | Record<string, unknown>;

export type ScimStatus = {
  users?: number;
  groups?: number;
  /** Members this organization created or adopted through SCIM. */
  provisionedUsers?: number;
  lastRequestAt?: string | null;
  recentErrors?: ScimError[];
};

export type OrgRole = { name: string; description?: string; builtIn?: boolean };

export type OrgRoleUser = {
  id: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  /** user:<id>, rule:<id>, scim, request:<id> (access governance). */
  grantedBy?: string | null;
  /** ISO-8601; null when the grant does not end by itself. */
  expiresAt?: string | null;
};

export const EVENT_KINDS = ["joiner", "mover", "leaver"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const SINK_TYPES = ["webhook", "kafka", "nats"] as const;
export type SinkType = (typeof SINK_TYPES)[number];

/** What the drainer last saw of a subscription's receiver or broker. */
export type SubscriptionHealth = {
  lastSuccessAt?: string | null;
  lastErrorAt?: string | null;
  /** A short category (timeout, refused, tls, http-503, …), never a payload. */
  lastError?: string | null;
  /** Deliveries still to send (PENDING or FAILED). */
  backlog?: number | null;
  /** This node's circuit breaker holds the subscription back after repeated failures. */
  breakerOpen?: boolean;
};

export type Webhook = {
  id: string;
  /** webhook (default), kafka or nats. */
  type?: SinkType;
  /** The webhook URL; null for kafka and nats. */
  url: string | null;
  topic?: string | null;
  subject?: string | null;
  secret?: string;
  organization?: { id: string; name?: string | null; alias?: string | null } | null;
  health?: SubscriptionHealth;
  events: EventKind[];
  organizationId?: string | null;
  enabled: boolean;
  /** Why the server turned it off (for example the endpoint answered 410). */
  disabledReason?: string | null;
  createdAt?: string;
};

export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED", "DEAD"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery; only id and status are relied upon, the rest is shown when present. */
export type Delivery = {
  id: string;
  status: DeliveryStatus;
  eventId?: string;
  type?: string;
  /** A test ping (POST …/test): no user, never retried. */
  test?: boolean;
  userId?: string | null;
  username?: string | null;
  /** The user's event sequence number. */
  sequence?: number | null;
  attempts?: number;
  createdAt?: string | number;
  lastAttemptAt?: string | number;
  nextAttemptAt?: string | number;
  deliveredAt?: string | number;
  lastStatusCode?: number | null;
  lastError?: string | null;
};

/** The answer of POST …/test: the ping is sent at once, not queued. */
export type TestOutcome = {
  id: string;
  delivered: boolean;
  statusCode?: number | null;
  error?: string | null;
  durationMillis?: number;
};

/** A setup link for the customer's IT administrator; the token is only in the creation answer's url. */
export type SetupLink = {
  id: string;
  note?: string | null;
  status: "ACTIVE" | "EXPIRED" | "REVOKED";
  createdAt: string;
  createdBy?: string | null;
  expiresAt: string;
  revokedAt?: string | null;
  lastUsedAt?: string | null;
  /** Only in the answer to POST. */
  url?: string;
};
