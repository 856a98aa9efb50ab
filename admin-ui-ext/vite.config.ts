import { defineConfig } from "vite";
import { tenancyAdminUi } from "./vite-plugin-tenancy";

// Builds the whole admin console (stock pages from @keycloak/keycloak-admin-ui plus ours) the way
// Keycloak's own admin console is built: React comes from the server's common resources through the
// import map in index.ftl, and Keycloak finds the entry script through .vite/manifest.json.
export default defineConfig({
  base: "",
  plugins: [tenancyAdminUi()],
  build: {
    outDir: "target/dist",
    emptyOutDir: true,
    target: "esnext",
    modulePreload: false,
    manifest: true,
    chunkSizeWarningLimit: 8192,
    reportCompressedSize: false,
    rollupOptions: {
      input: "src/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom"],
    },
  },
});
