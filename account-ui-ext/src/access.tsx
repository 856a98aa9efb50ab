import { useEnvironment } from "@keycloak/keycloak-account-ui";
import { createContext, useCallback, useContext, useEffect, useState, type PropsWithChildren } from "react";
import { useOrgsApi, type MyAccess, type Organization } from "./api";

/** The signed-in user's organizations and their own access in each: what decides which Tenancy pages show. */
export type TenancyAccess = {
  loaded: boolean;
  orgs: { org: Organization; access: MyAccess }[];
  reload: () => void;
};

const Context = createContext<TenancyAccess>({ loaded: false, orgs: [], reload: () => {} });

export const useTenancyAccess = () => useContext(Context);

export function TenancyAccessProvider({ children }: PropsWithChildren) {
  const api = useOrgsApi();
  const [state, setState] = useState<Omit<TenancyAccess, "reload">>({ loaded: false, orgs: [] });
  const [key, setKey] = useState(0);
  const reload = useCallback(() => setKey((k) => k + 1), []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const mine = await api.get<Organization[]>("/mine");
        const orgs = await Promise.all(
          mine.map(async (org) => ({ org, access: await api.get<MyAccess>(`/${org.id}/my-access`) })),
        );
        if (live) setState({ loaded: true, orgs });
      } catch {
        // The Tenancy API is absent or refuses: the stock pages still work, ours stay hidden.
        if (live) setState({ loaded: true, orgs: [] });
      }
    })();
    return () => {
      live = false;
    };
  }, [api, key]);

  return <Context.Provider value={{ ...state, reload }}>{children}</Context.Provider>;
}

/** The signed-in user's id (the token's subject). */
export function useMyId(): string | undefined {
  return useEnvironment().keycloak.tokenParsed?.sub;
}

/** Which of the Tenancy pages are relevant to the user. */
export function relevantPages(access: TenancyAccess) {
  return {
    organizationAccess: access.orgs.length > 0,
    accessReviews: access.orgs.some((o) => o.access.openReviews > 0),
    accessApprovals: access.orgs.some((o) => o.access.approver),
  };
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

export const formatGrantedBy = (grantedBy: string | null | undefined) => {
  if (!grantedBy) return "manual";
  const [kind] = grantedBy.split(":", 1);
  return { rule: "access rule", request: "approved request", user: "an administrator", scim: "SCIM" }[kind] ?? grantedBy;
};
