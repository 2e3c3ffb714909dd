import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      // <gotrue-auth>, <gotrue-button>, …: custom elements, not Vue components to resolve.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('gotrue-') } },
    }),
  ],
});
