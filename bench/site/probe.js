// Loaded first, by a blocking script in <head>, on both bench pages: records, in the page's own
// clock (milliseconds since navigation start), when each widget reaches the moments the bench
// compares. Knows nothing of either widget; each page's adapter script calls `bench.mark()`.
(() => {
  const marks = {};
  let longTaskMs = 0;
  let longTasks = 0;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTaskMs += entry.duration;
        longTasks += 1;
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the bench reports null.
    longTaskMs = null;
  }

  /** The documents a widget may render into: the page and its same-origin iframes. */
  function documents() {
    const docs = [{ doc: document, frame: null }];
    for (const frame of document.querySelectorAll('iframe')) {
      try {
        if (frame.contentDocument) docs.push({ doc: frame.contentDocument, frame });
      } catch {
        // A cross-origin frame is not a widget's.
      }
    }
    return docs;
  }

  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };

  /** The first text-like input a user would type into, wherever the widget rendered it. */
  function firstInput() {
    for (const { doc, frame } of documents()) {
      if (frame && !shown(frame)) continue;
      for (const input of doc.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio])')) {
        if (shown(input)) {
          const focused =
            doc.activeElement === input && (!frame || document.activeElement === frame) && document.hasFocus();
          return { input, focused };
        }
      }
    }
    return null;
  }

  /**
   * After `watchInput()`, records `input-visible` and `input-focused` the first frame (or focus
   * event) each becomes true.
   */
  function watchInput() {
    delete marks['input-visible'];
    delete marks['input-focused'];
    const check = () => {
      const found = firstInput();
      if (found && !('input-visible' in marks)) marks['input-visible'] = performance.now();
      if (found?.focused && !('input-focused' in marks)) marks['input-focused'] = performance.now();
      return 'input-focused' in marks;
    };
    const onFocus = () => check();
    const frameLoop = () => {
      if (!check()) requestAnimationFrame(frameLoop);
    };
    document.addEventListener('focusin', onFocus, true);
    for (const { doc } of documents()) doc.addEventListener('focusin', onFocus, true);
    requestAnimationFrame(frameLoop);
  }

  /** Records `name` at the next click anywhere in the page or its frames. */
  function armClick(name) {
    delete marks[name];
    const onClick = () => {
      if (!(name in marks)) marks[name] = performance.now();
    };
    for (const { doc } of documents()) doc.addEventListener('click', onClick, { capture: true, once: true });
  }

  // The events our element fires bubble and cross shadow roots: heard here without the adapter.
  document.addEventListener('gotrue:init', () => window.bench.mark('ready'));
  document.addEventListener('gotrue:login', () => window.bench.mark('login'));

  const apiEntries = (from, to) =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/.netlify/identity/') && e.startTime >= from && e.responseEnd <= to);

  window.bench = {
    mark(name) {
      marks[name] ??= performance.now();
      marks[`${name}-wall`] ??= performance.timeOrigin + performance.now();
    },
    marks: () => ({ ...marks }),
    longTasks: () => ({ ms: longTaskMs, count: longTasks }),
    watchInput,
    armClick,
    /**
     * API requests (from Resource Timing, in this page's clock) that started at or after `from` and
     * were answered by `to`: the ones a moment at `to` could have waited for.
     */
    apiRequests(from, to) {
      return apiEntries(from, to).map((e) => new URL(e.name).pathname.replace('/.netlify/identity', ''));
    },
    /** Milliseconds between `from` and `to` during which at least one of those API requests was open. */
    apiWaitMs(from, to) {
      let total = 0;
      let openUntil = -Infinity;
      for (const e of apiEntries(from, to).sort((a, b) => a.startTime - b.startTime)) {
        total += Math.max(0, e.responseEnd - Math.max(e.startTime, openUntil));
        openUntil = Math.max(openUntil, e.responseEnd);
      }
      return total;
    },
    forget(name) {
      delete marks[name];
      delete marks[`${name}-wall`];
    },
  };
})();
