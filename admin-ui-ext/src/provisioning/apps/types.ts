/** Connected apps (outbound SCIM), as /realms/{realm}/provisioning/apps answers. */
export const AUTH_TYPES = ["BEARER", "BASIC", "OAUTH2_CLIENT_CREDENTIALS"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export type ConnectedApp = {
  id: string;
  name: string;
  organizationId: string | null;
  scim: { baseUrl: string; auth: { type: AuthType } & Record<string, unknown> };
  scope: { groups: string[] };
  mapping: Record<string, string>;
  pushGroups: boolean;
  deprovision: "DEACTIVATE" | "DELETE";
  maxRequestsPerSecond: number;
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
};

export type TestResult = { ok: boolean; patchSupported: boolean | null; error: string | null; durationMillis: number };

export type PlannedChange = { action: "CREATE" | "UPDATE" | "DEACTIVATE"; userId: string; userName: string; attributes?: string[] };

export type SyncRun = {
  runId: string;
  dryRun: boolean;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  phase: string;
  toCreate: number;
  toUpdate: number;
  toDeactivate: number;
  done: number;
  failed: number;
  error: string | null;
  planned?: PlannedChange[];
};

export type AppStatus = {
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
  linkedUsers: number;
  linkedGroups: number;
  pending: number;
  retrying: number;
  failed: number;
  lastError: string | null;
  lastSync: SyncRun | null;
};
