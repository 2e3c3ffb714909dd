/**
 * The widget's state machine: types in ./machine/types.ts, the pure
 * `transition(state, event)` in ./machine/transition.ts, helpers in ./machine/views.ts.
 */
export * from './machine/types.js';
export { transition } from './machine/transition.js';
export { initialState, emptyForm, capabilities, isSubmitting, isOpen, type Capabilities } from './machine/views.js';
