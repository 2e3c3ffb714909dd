/**
 * The reactive base of `<gotrue-auth>`: lit's own `render` into the light DOM, driven by the
 * part of LitElement the element uses (declared properties, attribute conversion, reflection,
 * one microtask-batched update, `updateComplete`). Written out because LitElement,
 * ReactiveElement and lit's `css` cost the script-tag bundle about 2.4 KB brotli, most of it
 * for shadow roots, controllers and style adoption that a light-DOM element never uses.
 */
import { render } from 'lit/html.js';

/** The subset of Lit's property options that `static properties` uses here. */
export interface PropertyOptions {
  attribute?: string;
  type?: BooleanConstructor;
  converter?: { fromAttribute(value: string | null): unknown };
  reflect?: boolean;
  state?: boolean;
}

export type PropertyDeclarations = Record<string, PropertyOptions>;
export type PropertyValues = Map<PropertyKey, unknown>;

// Importing in Node (SSR, bundlers) must not throw: there is no HTMLElement to extend there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

type Fields = Record<string, unknown>;

export abstract class LightElement extends Base {
  static properties: PropertyDeclarations = {};
  /** Attribute name -> property name, filled when the class is defined. */
  private static attributeMap?: Map<string, string>;

  /** Read by `customElements.define`: the moment to install the property accessors too. */
  static get observedAttributes(): string[] {
    const map = (this.attributeMap = new Map());
    for (const [name, options] of Object.entries(this.properties)) {
      Object.defineProperty(this.prototype, name, {
        get(this: LightElement) {
          return this.#values.get(name);
        },
        set(this: LightElement, value: unknown) {
          const old = this.#values.get(name);
          if (old === value) return;
          this.#values.set(name, value);
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
      if (!options.state) map.set(options.attribute ?? name.toLowerCase(), name);
    }
    return [...map.keys()];
  }

  #values = new Map<string, unknown>();
  #changed: PropertyValues = new Map();
  #pending = false;
  #connectedOnce = false;
  /** Values a page set before the element was upgraded; applied on the first connect. */
  #saved: Fields = {};
  protected hasUpdated = false;
  /** Resolves after the pending update has rendered. */
  updateComplete: Promise<boolean> = Promise.resolve(true);

  constructor() {
    super();
    for (const name in (this.constructor as typeof LightElement).properties) {
      if (Object.hasOwn(this, name)) {
        this.#saved[name] = (this as unknown as Fields)[name];
        delete (this as unknown as Fields)[name];
      }
    }
  }

  connectedCallback(): void {
    if (!this.#connectedOnce) {
      this.#connectedOnce = true;
      Object.assign(this, this.#saved);
    }
    this.requestUpdate();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const ctor = this.constructor as typeof LightElement;
    const name = ctor.attributeMap!.get(attribute)!;
    const options = ctor.properties[name]!;
    (this as unknown as Fields)[name] =
      options.type === Boolean ? value !== null : options.converter ? options.converter.fromAttribute(value) : value;
  }

  /** Schedules one render for everything changed in this task. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, old);
    if (this.#pending || !this.#connectedOnce) return;
    this.#pending = true;
    this.updateComplete = Promise.resolve().then(() => {
      this.#update();
      return !this.#pending;
    });
  }

  #update(): void {
    const changed = this.#changed;
    this.willUpdate(changed);
    const ctor = this.constructor as typeof LightElement;
    for (const [attribute, name] of ctor.attributeMap!) {
      const value = this.#values.get(name);
      if (ctor.properties[name]!.reflect && changed.has(name)) {
        if (value == null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      }
    }
    // After the page's own children: those are moved into the forms, so none can end the range.
    render(this.render(), this, { host: this });
    this.#changed = new Map();
    this.#pending = false;
    this.hasUpdated = true;
    this.updated(changed);
  }

  protected willUpdate(_changed: PropertyValues): void {}

  protected abstract render(): unknown;

  protected updated(_changed: PropertyValues): void {}
}
