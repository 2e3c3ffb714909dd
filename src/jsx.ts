/**
 * The elements in frameworks' templates, for TypeScript: what each element takes as attributes,
 * properties and `on<event>` handlers, registered where React 19 (`JSX.IntrinsicElements`),
 * Svelte 5 (`svelte/elements`) and Vue 3 (`@vue/runtime-dom`) look for native elements.
 *
 * Types only. A site without one of these frameworks is not affected: an augmentation of a module
 * that is not installed is ignored in a declaration file.
 */
import type { GotrueAuthEventDetail, GotrueAuthEventName } from './components/emit.js';
import type { GotrueAuth } from './components/gotrue-auth.js';
import type { GotrueButton } from './components/gotrue-button.js';
import type { GotrueGate } from './components/gotrue-gate.js';
import type { GotrueUser, UserField } from './components/gotrue-user.js';
// Puts the frameworks' modules into this program, so they can be augmented below; nothing is imported.
import type {} from 'react';
import type {} from 'svelte/elements';
import type {} from '@vue/runtime-dom';

/** `remember` and `close-on-login` are on unless `false`, `off` or `0`. */
type OnUnlessOff = boolean | 'true' | 'false' | 'on' | 'off' | '1' | '0';

/** `<gotrue-auth>`'s attributes and properties. Attributes take strings; properties their own types. */
export interface GotrueAuthAttributes {
  'api-url'?: string;
  mode?: 'modal' | 'inline';
  locale?: string;
  providers?: string;
  'providers-only'?: boolean;
  remember?: OnUnlessOff;
  cookie?: boolean;
  audience?: string;
  'close-on-login'?: OnUnlessOff;
  redirect?: string;
  'fetch-origins'?: string;
  theme?: 'light' | 'dark' | '';
  logo?: string;
  apiUrl?: string;
  providersOnly?: boolean;
  closeOnLogin?: boolean;
  fetchOrigins?: string;
  /** Property only: your own texts for some message ids. */
  strings?: GotrueAuth['strings'];
}

/** `ongotrue:login={(event) => …}`: what React 19 and Svelte 5 turn into `addEventListener('gotrue:login', …)`. */
export type GotrueAuthEventHandlers = {
  [K in GotrueAuthEventName as `on${K}`]?: (event: CustomEvent<GotrueAuthEventDetail[K]>) => void;
};

/** The id of the `<gotrue-auth>` a companion follows; unset, the enclosing one, else the page's first. */
interface Follows {
  for?: string;
}

export type GotrueButtonAttributes = Follows;

export interface GotrueUserAttributes extends Follows {
  field?: UserField;
}

export interface GotrueGateAttributes extends Follows {
  /** A comma list of roles, any one of which opens the gate. */
  roles?: string;
}

/** Every element's own attributes, by tag: what the framework typings below are made of. */
export interface GotrueElementAttributes {
  'gotrue-auth': GotrueAuthAttributes & GotrueAuthEventHandlers;
  'gotrue-button': GotrueButtonAttributes;
  'gotrue-user': GotrueUserAttributes;
  'gotrue-gate': GotrueGateAttributes;
}

/**
 * A native element's own props in a framework's element map (its `div` entry): `id`, `class`,
 * `style`, `slot`, `hidden`, DOM event handlers. Read from the map being augmented rather than
 * imported, so these declarations compile when the framework is not installed.
 */
type NativeProps<Elements> = Elements extends { div: infer Props } ? Omit<Props, 'ref'> : object;

/** React's `ref`: an object from `useRef` or a callback, which may return a cleanup. */
type RefTo<T> = { current: T | null } | ((element: T | null) => void | (() => void)) | null;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React 19 reads JSX from this namespace.
  namespace JSX {
    interface IntrinsicElements {
      'gotrue-auth': NativeProps<this> & GotrueElementAttributes['gotrue-auth'] & { ref?: RefTo<GotrueAuth> };
      'gotrue-button': NativeProps<this> & GotrueElementAttributes['gotrue-button'] & { ref?: RefTo<GotrueButton> };
      'gotrue-user': NativeProps<this> & GotrueElementAttributes['gotrue-user'] & { ref?: RefTo<GotrueUser> };
      'gotrue-gate': NativeProps<this> & GotrueElementAttributes['gotrue-gate'] & { ref?: RefTo<GotrueGate> };
    }
  }
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'gotrue-auth': NativeProps<this> & GotrueElementAttributes['gotrue-auth'];
    'gotrue-button': NativeProps<this> & GotrueElementAttributes['gotrue-button'];
    'gotrue-user': NativeProps<this> & GotrueElementAttributes['gotrue-user'];
    'gotrue-gate': NativeProps<this> & GotrueElementAttributes['gotrue-gate'];
  }
}

/** Vue's name for a listener prop: `@gotrue:login` compiles to `onGotrue:login`. */
type VueEventHandlers = {
  [K in GotrueAuthEventName as `on${Capitalize<K>}`]?: (event: CustomEvent<GotrueAuthEventDetail[K]>) => void;
};

declare module '@vue/runtime-dom' {
  interface IntrinsicElementAttributes {
    'gotrue-auth': NativeProps<this> & GotrueAuthAttributes & VueEventHandlers;
    'gotrue-button': NativeProps<this> & GotrueButtonAttributes;
    'gotrue-user': NativeProps<this> & GotrueUserAttributes;
    'gotrue-gate': NativeProps<this> & GotrueGateAttributes;
  }
}
