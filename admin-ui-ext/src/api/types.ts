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
};

export type ScimConfig = {
  enabled: boolean;
  auth: ScimAuth;
  emailAsUsername?: boolean;
  identityProvider?: string | null;
  deprovision: Deprovision;
  adoptExistingUsers: boolean;
};

export type ScimError = string | Record<string, unknown>;

export type ScimStatus = {
  users?: number;
  groups?: number;
  lastRequestAt?: string | null;
  recentErrors?: ScimError[];
};

export type OrgRole = { name: string; description?: string };

export type OrgRoleUser = {
  id: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
};

export const EVENT_KINDS = ["joiner", "mover", "leaver"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type Webhook = {
  id: string;
  url: string;
  secret?: string;
  events: EventKind[];
  organizationId?: string | null;
  enabled: boolean;
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
  eventType?: string;
  attempts?: number;
  createdAt?: string | number;
  lastAttemptAt?: string | number;
  nextAttemptAt?: string | number;
  lastStatus?: number;
  responseStatus?: number;
  lastError?: string;
  error?: string;
};
