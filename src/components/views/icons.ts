/**
 * Small inline icons: each provider's mark, drawn after the public brand marks and simplified to
 * a few path commands (no network, no image files), and the icons of the close and show-password
 * buttons. They are decorative (`aria-hidden`): every button says what it does in text or in its
 * label. Colours come from the stylesheet, so a page's `path { fill: … }` cannot repaint them.
 */
import { html, svg, type TemplateResult } from 'lit';
import type { Provider } from '../../core/wire.js';

/** One `d` per shape, on a 24 × 24 grid; Google's four are coloured in order (blue, green, yellow, red). */
const MARKS: Record<Provider, string[]> = {
  github: [
    'M12 1a11 11 0 0 0-3.5 21.4c.6.1.8-.2.8-.6v-2c-3 .6-3.7-1.4-3.7-1.4-.5-1.3-1.2-1.6-1.2-1.6-1-.7.1-.7.1-.7 1.1.1 1.7 1.1 1.7 1.1 1 1.7 2.6 1.2 3.2.9.1-.7.4-1.2.7-1.5-2.4-.3-5-1.2-5-5.4 0-1.2.4-2.2 1.1-3-.1-.3-.5-1.4.1-2.9 0 0 .9-.3 3 1.1a10 10 0 0 1 5.5 0c2.1-1.4 3-1.1 3-1.1.6 1.5.2 2.6.1 2.9.7.8 1.1 1.8 1.1 3 0 4.2-2.6 5.1-5 5.4.4.3.8 1 .8 2v3c0 .4.2.7.8.6A11 11 0 0 0 12 1z',
  ],
  gitlab: ['M12 22 1 14l2.2-6.6L5.6 2l2.6 7.3h7.6L18.4 2l2.4 5.4L23 14z'],
  bitbucket: ['M1 2.5h22l-3.3 19H4.3zm8.2 6 1 6h3.6l1-6z'],
  google: [
    'M22.6 12.3c0-.8-.1-1.6-.2-2.3H12v4.3h6a5.1 5.1 0 0 1-2.2 3.4v2.8h3.6c2.1-2 3.2-4.8 3.2-8.2z',
    'M12 23c3 0 5.5-1 7.4-2.7l-3.6-2.8a6.7 6.7 0 0 1-10-3.5H2.1v2.9A11 11 0 0 0 12 23z',
    'M5.8 14a6.6 6.6 0 0 1 0-4.1V7H2.1a11 11 0 0 0 0 9.9z',
    'M12 5.4c1.6 0 3.1.6 4.2 1.7l3.2-3.2A11 11 0 0 0 2.1 7l3.7 2.9A6.6 6.6 0 0 1 12 5.4z',
  ],
  facebook: [
    'M23 12a11 11 0 1 0-12.7 10.9v-7.7H7.5V12h2.8V9.6c0-2.8 1.6-4.3 4.2-4.3 1.2 0 2.5.2 2.5.2v2.7h-1.4c-1.4 0-1.8.9-1.8 1.8V12h3.1l-.5 3.2h-2.6v7.7A11 11 0 0 0 23 12z',
  ],
  // SAML is whichever single sign-on the site runs: a lock, not a brand.
  saml: [
    'M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V11a1 1 0 0 1 1-1zm2 0h6V7a3 3 0 0 0-6 0z',
  ],
};

const EYE =
  'M12 5C6.5 5 2.7 9.1 1.5 12c1.2 2.9 5 7 10.5 7s9.3-4.1 10.5-7C21.3 9.1 17.5 5 12 5zm0 2c3.9 0 6.9 2.7 8.3 5-1.4 2.3-4.4 5-8.3 5s-6.9-2.7-8.3-5C5.1 9.7 8.1 7 12 7zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z';
const CROSS = 'M5.6 4.2 12 10.6l6.4-6.4 1.4 1.4-6.4 6.4 6.4 6.4-1.4 1.4-6.4-6.4-6.4 6.4-1.4-1.4 6.4-6.4-6.4-6.4z';

function icon(shapes: unknown): TemplateResult {
  return html`<svg class="gotrue-auth-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${shapes}</svg>`;
}

export function providerMark(provider: Provider): TemplateResult {
  return icon(MARKS[provider].map((d) => svg`<path d=${d}></path>`));
}

/** An eye, struck through while the password shows (the stylesheet hides the stroke otherwise). */
export const revealIcon: TemplateResult = icon(
  svg`<path d=${EYE}></path><path class="gotrue-auth-slash" d="M3.5 2.1 21.9 20.5l-1.4 1.4L2.1 3.5z"></path>`,
);

export const closeIcon: TemplateResult = icon(svg`<path d=${CROSS}></path>`);
