import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import globals from "globals";
import { readdirSync } from "node:fs";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Architecture rules (see the README's layout section): app → features → domain → lib/config/components.
const layering = {
  "import-x/no-restricted-paths": [
    "error",
    {
      zones: [
        // Shared code never reaches up into features or the app.
        {
          target: "./src/lib",
          from: ["./src/features", "./src/app", "./src/domain"],
          message: "lib/ is shared: it must not import domain, features or app.",
        },
        // domain/ holds the rules several features share (pure, or built only on lib/): every feature may import it.
        {
          target: "./src/domain",
          from: ["./src/features", "./src/app", "./src/components"],
          message: "domain/ is shared by features: it must not import features, app or components.",
        },
        {
          target: "./src/components",
          from: ["./src/features", "./src/app"],
          message: "components/ is shared: it must not import features or app.",
        },
        {
          target: "./src/config",
          from: ["./src/features", "./src/app", "./src/domain", "./src/components"],
          message: "config/ stands alone.",
        },
        // …except for lib/is-record.ts, the one JSON-object check every layer shares (it imports nothing).
        {
          target: "./src/config",
          from: "./src/lib",
          except: ["./is-record.ts"],
          message: "config/ stands alone (it may use lib/is-record.ts only).",
        },
        { target: "./src/features", from: "./src/app", message: "features must not import the app layer." },
        // Features never import each other; the app layer composes them.
        ...features.map((feature) => ({
          target: `./src/features/${feature}`,
          from: "./src/features",
          except: [`./${feature}`],
          message: "Features must not import other features; compose them in src/app.",
        })),
        // The emulated tenant is test infrastructure and must never reach the production bundle.
        { target: "./src", from: ["./e2e", "./bench", "./scripts"], message: "src/ must not import test infrastructure." },
      ],
    },
  ],
  "no-restricted-imports": [
    "error",
    {
      // msal-browser, msal-react and their subpaths; lib/auth/msal-react.tsx wraps what the app needs.
      patterns: [{ group: ["@azure/msal-*"], message: "Only src/lib/auth talks to MSAL." }],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "dist",
      "dist-*",
      ".tmp",
      ".smoke",
      "node_modules",
      "test-results",
      "playwright-report",
      "bench/out",
      "e2e/fixtures/**/*.csv",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs"] })] },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "import-x/no-cycle": "error",
    },
  },
  // Type-aware rules: a floating promise or a promise handed to an event handler is a real bug in an app
  // made of async flows, and a switch over a union must say what happens for every member.
  {
    files: ["src/**/*.{ts,tsx}", "e2e/**/*.ts", "bench/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      ...layering,
      "no-console": "error",
    },
  },
  {
    files: ["src/lib/auth/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["src/redirect-bridge.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["e2e/**/*.ts", "bench/**/*.ts", "scripts/**/*.{js,mjs}", "deploy/**/*.{js,mjs,ts,mts}", "*.config.{ts,js}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
