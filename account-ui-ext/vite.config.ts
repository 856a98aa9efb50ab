import { defineConfig } from "vite";

// Builds the whole account console (stock pages from @keycloak/keycloak-account-ui plus ours) the way
// Keycloak's own account console is built: React comes from the server's common resources through the
// import map in keycloak.v3's index.ftl, and Keycloak finds the entry script and its CSS through
// .vite/manifest.json. One chunk (dynamic imports inlined), so the entry's own "css" is all the CSS.
export default defineConfig({
  base: "",
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
      output: { inlineDynamicImports: true },
    },
  },
});
