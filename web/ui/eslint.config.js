// Lint for the web app: typescript-eslint's type-aware rules, React's hooks rules, and the
// layers of the app (app -> features -> shared): a feature never imports another feature,
// shared code imports neither.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/shared/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `onClick={() => mutate()}` reads well; a void in a longer expression is still caught.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Indexing a record or array the code just checked; tsconfig is strict otherwise.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Parameters and positions are records keyed by name: removing one is a delete.
      "@typescript-eslint/no-dynamic-delete": "off",
    },
  },
  {
    files: ["src/features/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{
        regex: "^\\.\\./(?!\\.\\./)[^/]+",
        message: "features do not import each other: move what both need to src/shared/",
      }, {
        regex: "/app/",
        message: "features do not import the app layer",
      }] }],
    },
  },
  {
    files: ["src/shared/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{
        regex: "/(features|app)/",
        message: "shared code imports neither features nor the app",
      }] }],
    },
  },
  { files: ["*.js", "*.ts"], ...tseslint.configs.disableTypeChecked },
);
