import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";

/** An answer other than 2xx from one of the Tenancy REST endpoints. */
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
  /** Like get, but resolves to undefined on 404 (resource absent, or API not installed). */
  find<T>(path: string): Promise<T | undefined>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  del(path: string): Promise<void>;
};

function messageOf(status: number, text: string): string {
  try {
    const body = JSON.parse(text);
    const m =
      body.errorMessage ??
      body.error_description ??
      body.detail ??
      body.message ??
      body.error;
    if (typeof m === "string" && m) return m;
  } catch {
    // not JSON
  }
  return text && text.length < 300 ? text : `HTTP ${status}`;
}

/**
 * Calls the Tenancy REST API of the realm the console is showing, as the signed-in administrator
 * (the admin console's own access token). Paths are relative to /realms/{realm}.
 */
export function useTenancyApi(): Api {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();

  return useMemo(() => {
    const call = async (method: string, path: string, body?: unknown) => {
      const token = await adminClient.getAccessToken();
      const url = `${adminClient.baseUrl}/realms/${encodeURIComponent(realm)}${path}`;
      const headers: Record<string, string> = { Accept: "application/json" };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new ApiError(response.status, messageOf(response.status, text));
      }
      return text ? JSON.parse(text) : undefined;
    };
    return {
      get: (path) => call("GET", path),
      find: async (path) => {
        try {
          return await call("GET", path);
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) return undefined;
          throw e;
        }
      },
      post: (path, body) => call("POST", path, body ?? {}),
      put: (path, body) => call("PUT", path, body ?? {}),
      del: async (path) => {
        await call("DELETE", path);
      },
    };
  }, [adminClient, realm]);
}

export const errorText = (e: unknown): string =>
  e instanceof Error ? e.message : String(e);
