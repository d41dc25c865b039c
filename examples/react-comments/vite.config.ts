import { defineConfig } from 'vite';

// No React plugin: Vite compiles TSX itself (automatic JSX runtime); the plugin would add only
// Fast Refresh in `vite dev`.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
});
