// The server's hashing as it was before @node-rs/bcrypt: bcryptjs on the main thread, one hash at a
// time (50 logins interleaving their slices would each have waited for all of them), behind the
// two functions the server now imports.
import bcrypt from 'bcryptjs';

let queue = Promise.resolve();
function inTurn(work) {
  const result = queue.then(work, work);
  queue = result.catch(() => undefined);
  return result;
}

export const hash = (password, cost) => inTurn(() => bcrypt.hash(password, cost));
export const verify = (password, stored) => inTurn(() => bcrypt.compare(password, stored));
