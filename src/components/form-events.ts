/**
 * Turns a submitted form into the machine's `submit` event. Field names are the machine's
 * `FormValues` keys; reading them again at submit covers autofill that fired no input event.
 */
import type { Event as MachineEvent, FormValues } from '../core/machine/types.js';
import type { Metadata } from '../core/wire.js';

const STANDARD = ['name', 'email', 'password', 'remember', 'username'];

/**
 * Extra signup inputs (slot `signup-fields`) join `user_metadata` beside what `open('signup',
 * { metadata })` passed; the standard fields never do.
 */
export function signupMetadata(form: HTMLFormElement, base: Metadata): Metadata {
  const data: Metadata = { ...base };
  for (const element of form.elements) {
    const input = element as HTMLInputElement;
    if (!input.name || STANDARD.includes(input.name)) continue;
    if (input.type === 'checkbox') data[input.name] = input.checked;
    else if (input.type !== 'radio' || input.checked) data[input.name] = input.value;
  }
  return data;
}

export function formEvent(form: HTMLFormElement, metadata: Metadata, rememberOffered: boolean): MachineEvent {
  // Without the checkbox (`remember="false"`), sessions are never kept past the browser session.
  const values: Partial<FormValues> = rememberOffered ? {} : { remember: false };
  for (const element of form.elements) Object.assign(values, fieldValues(element as HTMLInputElement));
  if (form.dataset.action === 'signup') values.metadata = signupMetadata(form, metadata);
  return { type: 'submit', values };
}

/** An input event as a machine `edit`, so typed values survive moving between views. */
export function editEvent(input: HTMLInputElement): MachineEvent | null {
  const values = fieldValues(input);
  return values && { type: 'edit', values };
}

/** What one input of a form holds for the machine; null for the page's own fields. */
function fieldValues(input: HTMLInputElement): Partial<FormValues> | null {
  if (input.name === 'remember') return { remember: input.checked };
  if (input.name === 'name' || input.name === 'email' || input.name === 'password')
    return { [input.name]: input.value };
  return null;
}
