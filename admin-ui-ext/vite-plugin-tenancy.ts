import fs from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

/**
 * Adds our parts to the stock console where it has no extension point, by rewriting two modules
 * of @keycloak/keycloak-admin-ui (pinned to one exact version in package.json). Each rewrite looks
 * for an exact anchor and fails the build when it is missing, so a new console version can never
 * silently lose the SCIM/Roles tabs or the Provisioning link.
 *
 *  - DetailOrganization: the organization page's RoutableTabs is wrapped by withTenancyTabs(),
 *    which appends the SCIM and Roles tabs (built from the stock Tab components).
 *  - PageNav (in the main chunk): a "Provisioning" link after "Events" in the Manage group, made
 *    with the stock LeftNav component, so it shows only to administrators the route allows.
 *
 * It also flattens the entry of .vite/manifest.json for Keycloak, whose index.ftl links the entry's
 * own "css" and "imports" only, reading each as a file: the entry gets the files and the CSS of
 * every chunk it imports statically (what Vite's backend-integration guide asks a server to do).
 */
export function tenancyAdminUi(): Plugin {
  const tabs = path.resolve("src/organizations/OrganizationTabs.tsx");
  const lib = /[\\/]@keycloak[\\/]keycloak-admin-ui[\\/]lib[\\/]/;
  let patchedTabs = false;
  let patchedNav = false;

  return {
    name: "tenancy-admin-ui",
    enforce: "pre",
    transform(code, id) {
      if (!lib.test(id)) return null;
      const file = path.basename(id);

      if (file.startsWith("DetailOrganization-")) {
        const members = /\(\s*(\w+),\s*\{\s*eventKey: "members",\s*title: \/\* @__PURE__ \*\/ \w+\((\w+), \{/.exec(code);
        const bar = /\(\s*(\w+),(\s*\{\s*"data-testid": "organization-tabs",)/;
        if (!members || !bar.test(code)) {
          this.error(`tenancy: organization tab bar not found in ${file}; is @keycloak/keycloak-admin-ui still the pinned version?`);
        }
        const [, tab, title] = members!;
        patchedTabs = true;
        return (
          `import { withTenancyTabs as __tenancyTabs } from ${JSON.stringify(tabs)};\n` +
          code.replace(bar, (_m, tabsComponent, rest) => `(__tenancyTabs(${tabsComponent}, ${tab}, ${title}),${rest}`)
        );
      }

      if (code.includes('title: "events", path: "/events" }')) {
        const events = /\/\* @__PURE__ \*\/ (\w+)\((\w+), \{ title: "events", path: "\/events" \}\)/;
        if (!events.test(code)) {
          this.error(`tenancy: the Events link of the navigation not found in ${file}`);
        }
        patchedNav = true;
        return code.replace(
          events,
          (m, jsx, leftNav) => `${m},\n      /* tenancy */ ${jsx}(${leftNav}, { title: "tenancyProvisioning", path: "/provisioning" })`,
        );
      }
      return null;
    },
    writeBundle(options) {
      const file = path.join(options.dir!, ".vite", "manifest.json");
      type Chunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
      const manifest: Record<string, Chunk> = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const entry of Object.values(manifest).filter((c) => c.isEntry)) {
        const imports = new Set<string>();
        const css = new Set(entry.css ?? []);
        const visit = (key: string) => {
          const chunk = manifest[key];
          if (!chunk || imports.has(chunk.file)) return;
          imports.add(chunk.file);
          chunk.css?.forEach((c) => css.add(c));
          chunk.imports?.forEach(visit);
        };
        entry.imports?.forEach(visit);
        entry.imports = [...imports];
        entry.css = [...css];
      }
      fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
    },
    buildEnd(error) {
      if (!error && (!patchedTabs || !patchedNav)) {
        this.error(`tenancy: the admin console was not extended (tabs: ${patchedTabs}, navigation: ${patchedNav})`);
      }
    },
  };
}
