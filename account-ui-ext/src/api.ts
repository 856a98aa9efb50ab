import { useEnvironment } from "@keycloak/keycloak-account-ui";
import { useMemo } from "react";
import { environment } from "./environment";

/** An answer other than 2xx from the Tenancy REST API, with its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Api = {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
};

function messageOf(status: number, text: string): string {
  try {
    const body = JSON.parse(text);
    const m = body.errorMessage ?? body.error_description ?? body.message ?? body.error;
    if (typeof m === "string" && m) return m;
  } catch {
    // not JSON
  }
  return text && text.length < 300 ? text : `HTTP ${status}`;
}

/**
 * Calls /realms/{realm}/orgs/… as the signed-in user with the account console's own access token:
 * the API grants what the user's organization roles allow, nothing more.
 */
export function useOrgsApi(): Api {
  const { keycloak } = useEnvironment();
  return useMemo(() => {
    const call = async (method: string, path: string, body?: unknown) => {
      await keycloak.updateToken(30);
      const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${keycloak.token}` };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(
        `${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/orgs${path}`,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      );
      const text = await response.text();
      if (!response.ok) throw new ApiError(response.status, messageOf(response.status, text));
      return text ? JSON.parse(text) : undefined;
    };
    return {
      get: (path) => call("GET", path),
      post: (path, body) => call("POST", path, body ?? {}),
      put: (path, body) => call("PUT", path, body ?? {}),
    };
  }, [keycloak]);
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export type Organization = { id: string; alias: string; name: string; roles: string[] };

export type Grant = { kind: "role" | "group"; name: string; id?: string; grantedBy: string | null; expiresAt: string | null };

export type MyAccess = {
  organization: { id: string; name: string; alias: string };
  roles: Grant[];
  groups: Grant[];
  requestable: { roles: string[]; groups: { id: string; name: string }[] };
  approver: boolean;
  openReviews: number;
};

export type AccessRequest = {
  id: string;
  userId: string;
  username: string | null;
  role?: string;
  group?: string;
  reason: string;
  durationSeconds: number;
  status: "PENDING" | "APPROVED" | "DENIED" | "EXPIRED" | "CANCELLED";
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  expiresAt: string | null;
};

export type Review = { id: string; name: string; status: string; dueAt: string; reviewers: string[]; counts: Record<string, number> };

export type ReviewItem = {
  id: string;
  userId: string;
  username: string | null;
  kind: "role" | "group";
  role?: string;
  group?: string;
  groupName?: string;
  grantedBy: string | null;
  decision: "PENDING" | "KEEP" | "REVOKE";
  comment: string | null;
};
