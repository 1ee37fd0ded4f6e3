/* explainer: small progressive enhancements. Every page works without it.
 *
 * 1. Previews. A link with a data-preview (a name, a term, a fact, an event
 *    or a source; builder/previews.py writes it) shows a card on hover or
 *    keyboard focus, with an "Open page" link. On a touch screen the first
 *    tap opens the card; a tap outside or Escape closes it. The card stays on
 *    the screen, down to 320 px wide.
 * 2. Notes in the margin. On wide screens each note of the article stands at
 *    the line of its marker, or just below the note before it: notes never
 *    overlap, keep marker order and never push the text apart. (Without this
 *    script the CSS floats them down the margin from their paragraph.)
 * 3. Marker and note. Hovering or focusing a marker, or its note, highlights
 *    the other and the quoted words; so does reaching either by a link.
 * 4. The phone menu closes on Escape or a tap outside it.
 * 5. Print opens every note (for browsers that cannot do it in CSS).
 */
(() => {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 62.5em)");

  /* ---- 1. previews ------------------------------------------------------ */

  const PREVIEW_LINKS = "a[data-preview]";
  const TIP_ID = "explainer_preview_tip";
  const SHOW_DELAY = 120;
  const HIDE_DELAY = 180;
  const EDGE = 8;                 // px kept free at the screen's edges

  let tip = null;
  let current = null;             // the link whose preview is shown
  let showTimer = 0;
  let hideTimer = 0;
  let lastPointer = "mouse";      // how the last pointerdown happened
  let tapOpened = false;          // the current preview was opened by a tap

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "preview-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    tip.addEventListener("pointerleave", (event) => {
      if (event.pointerType !== "touch") scheduleHide();
    });
    document.body.appendChild(tip);
    return tip;
  }

  function part(tag, cls, text) {
    const el = document.createElement(tag);
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function readPreview(link) {
    try {
      return JSON.parse(link.getAttribute("data-preview") || "{}");
    } catch (err) {
      return {};
    }
  }

  function fill(link, touch) {
    const data = readPreview(link);
    tip.textContent = "";
    tip.className = "preview-tip" + (data.status ? " status-" + data.status : "");
    let kind = data.kind || "";
    if (data.status) kind += " · " + data.status;
    if (kind) tip.appendChild(part("span", "tip-kind", kind));
    if (data.date) tip.appendChild(part("span", "tip-date", data.date));
    if (data.figure) tip.appendChild(part("span", "tip-figure", data.figure));
    if (data.name) tip.appendChild(part("span", "tip-name", data.name));
    if (data.role) tip.appendChild(part("span", "tip-role", data.role));
    if (data.text) tip.appendChild(part("span", "tip-text", data.text));
    const claim = [];
    if (data.claimant) claim.push("According to " + data.claimant);
    if (data.as_of) claim.push((claim.length ? "as of " : "As of ") + data.as_of);
    if (claim.length) tip.appendChild(part("span", "tip-claim", claim.join(", ")));
    // The page itself, for a pointer that moved onto the card, and for a tap
    // (where the card stands in for the link). Keyboard users have the link.
    const open = part("a", "tip-open", "Open page");
    open.href = link.href;
    if (!touch) open.tabIndex = -1;
    tip.appendChild(open);
  }

  function place(link) {
    const rects = link.getClientRects();
    const r = rects.length ? rects[0] : link.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    tip.style.left = "0px";
    tip.style.top = "0px";
    tip.style.maxWidth = Math.min(352, vw - 2 * EDGE) + "px";
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const left = Math.max(EDGE, Math.min(r.left, vw - tw - EDGE));
    let top = r.bottom + 6;
    if (top + th > window.innerHeight - EDGE && r.top - 6 - th > EDGE) top = r.top - 6 - th;
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(link, touch) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (current === link && tapOpened === touch) return;
    if (current) hide();
    ensureTip();
    fill(link, touch);
    tip.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", TIP_ID);
    link.classList.add("is-previewed");
    current = link;
    tapOpened = touch;
  }

  function hide() {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    current.classList.remove("is-previewed");
    current = null;
    tapOpened = false;
    if (tip) tip.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  function previewLink(target) {
    return target instanceof Element ? target.closest(PREVIEW_LINKS) : null;
  }

  function initPreviews() {
    document.addEventListener("pointerdown", (event) => {
      lastPointer = event.pointerType || "mouse";
      if (current && !(tip && tip.contains(event.target)) && previewLink(event.target) !== current) {
        hide();  // a tap or click elsewhere
      }
    }, true);

    document.addEventListener("pointerover", (event) => {
      if (event.pointerType === "touch") return;
      const link = previewLink(event.target);
      if (!link) return;
      clearTimeout(hideTimer);
      if (link === current) return;
      clearTimeout(showTimer);
      showTimer = window.setTimeout(() => show(link, false), SHOW_DELAY);
    });

    document.addEventListener("pointerout", (event) => {
      if (event.pointerType === "touch") return;
      const link = previewLink(event.target);
      if (!link) return;
      const to = event.relatedTarget;
      if (to instanceof Node && (link.contains(to) || (tip && tip.contains(to)))) return;
      clearTimeout(showTimer);
      if (link === current) scheduleHide();
    });

    // Keyboard focus, or a screen reader moving focus. (A tap that focuses a
    // link shows it too; the click that follows turns it into a tap preview.)
    document.addEventListener("focusin", (event) => {
      const link = previewLink(event.target);
      if (link) show(link, lastPointer === "touch" && tapOpened);
      else if (current && !tapOpened && !(tip && tip.contains(event.target))) hide();
    });

    document.addEventListener("focusout", (event) => {
      const link = previewLink(event.target);
      if (link && link === current && !tapOpened) scheduleHide();
    });

    // A first tap opens the preview; a tap on the same link again follows it.
    document.addEventListener("click", (event) => {
      const link = previewLink(event.target);
      if (!link) return;
      if (lastPointer === "touch" && !(current === link && tapOpened)) {
        event.preventDefault();
        show(link, true);
      } else if (current === link) {
        hide();
      }
    });

    window.addEventListener("resize", () => {
      if (current) place(current);
    });
    window.addEventListener("pagehide", hide);
  }

  /* ---- 2. notes in the margin ------------------------------------------ */

  const NOTE_GAP = 12;            // px between notes that follow one another
  let body = null;
  let pairs = [];                 // [{note, marker, marks}] in marker order
  let frame = 0;

  function collectNotes() {
    body = document.querySelector(".article-body");
    if (!body) return;
    pairs = [...body.querySelectorAll(".notes > .note")].map((note) => ({
      note,
      marker: body.querySelector(`sup.note-ref a[data-note="${CSS.escape(note.id)}"]`),
      marks: [...body.querySelectorAll(`mark.quote[data-note="${CSS.escape(note.id)}"]`)],
    }));
  }

  function layoutNotes() {
    frame = 0;
    if (!body || !pairs.length) return;
    performance.mark("explainer-notes");  // scripts/screenshots.py reports the time it takes
    const wide = WIDE.matches;
    body.classList.toggle("notes-placed", wide);
    if (!wide) {
      pairs.forEach(({note}) => { note.style.top = ""; });
      body.style.minHeight = "";
      return;
    }
    // Read every position first, then write: one layout, not one per note.
    // (A note's height does not depend on where it stands.)
    const origin = body.getBoundingClientRect().top;
    const blocks = [...body.children].filter((el) => !el.matches(".notes"));
    const textBottom = blocks.length ? blocks[blocks.length - 1].getBoundingClientRect().bottom - origin : 0;
    const wanted = pairs.map(({note, marker}) => {
      // The top of the line that holds the marker: the marker is raised, so
      // take its line from the quoted words' last piece, else from the marker.
      const anchor = marker ? marker.parentElement.previousElementSibling || marker : note.parentElement;
      const line = anchor.getClientRects();
      const top = line.length ? line[line.length - 1].top : anchor.getBoundingClientRect().top;
      return {top: Math.round(top - origin) - 3, height: note.offsetHeight};
    });
    let floor = -Infinity;
    pairs.forEach(({note}, i) => {
      const placed = Math.max(wanted[i].top, floor);
      note.style.top = placed + "px";
      floor = placed + wanted[i].height + NOTE_GAP;
    });
    // The column grows to hold the last notes (only after the last paragraph).
    const needed = Math.ceil(floor - NOTE_GAP);
    body.style.minHeight = needed > textBottom ? needed + "px" : "";
    performance.measure("explainer-notes", "explainer-notes");
  }

  function scheduleLayout() {
    if (!frame) frame = window.requestAnimationFrame(layoutNotes);
  }

  function initNotes() {
    collectNotes();
    if (!body || !pairs.length) return;
    layoutNotes();
    // Anything that moves a line or changes a note's height: a resize, fonts,
    // a note opened or closed.
    new ResizeObserver(scheduleLayout).observe(body);
    WIDE.addEventListener("change", layoutNotes);
    document.addEventListener("toggle", (event) => {
      if (event.target instanceof Element && event.target.closest(".note")) layoutNotes();
    }, true);
    if (document.fonts) document.fonts.ready.then(scheduleLayout);
  }

  /* ---- 3. marker and note highlight each other ------------------------- */

  function pairOf(target) {
    if (!(target instanceof Element)) return null;
    const note = target.closest(".notes > .note");
    const marker = target.closest("sup.note-ref a");
    return pairs.find((p) => p.note === note || (marker && p.marker === marker)) || null;
  }

  function activate(pair, on) {
    if (!pair) return;
    pair.note.classList.toggle("is-active", on);
    if (pair.marker) pair.marker.classList.toggle("is-active", on);
    pair.marks.forEach((m) => m.classList.toggle("is-active", on));
  }

  let targeted = null;

  function followTarget() {
    activate(targeted, false);
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    targeted = el ? pairOf(el) || pairs.find((p) => p.marks[0] === el) || null : null;
    activate(targeted, true);
  }

  function initPairs() {
    if (!pairs.length) return;
    for (const [enter, leave] of [["pointerover", "pointerout"], ["focusin", "focusout"]]) {
      document.addEventListener(enter, (event) => activate(pairOf(event.target), true));
      document.addEventListener(leave, (event) => {
        const pair = pairOf(event.target);
        if (pair && pair !== targeted && pairOf(event.relatedTarget) !== pair) activate(pair, false);
      });
    }
    window.addEventListener("hashchange", followTarget);
    followTarget();
  }

  /* ---- 4. the phone menu ------------------------------------------------ */

  function initMenu() {
    const menu = document.querySelector(".site-menu");
    if (!menu) return;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" && event.key !== "Esc") return;
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("pointerdown", (event) => {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  /* ---- 5. print --------------------------------------------------------- */

  function initPrint() {
    let opened = [];
    window.addEventListener("beforeprint", () => {
      opened = [...document.querySelectorAll(".note-more:not([open])")];
      opened.forEach((d) => { d.open = true; });
    });
    window.addEventListener("afterprint", () => {
      opened.forEach((d) => { d.open = false; });
      opened = [];
    });
  }

  function init() {
    initPreviews();
    initNotes();
    initPairs();
    initMenu();
    initPrint();
    document.addEventListener("keydown", (event) => {
      if ((event.key === "Escape" || event.key === "Esc") && current) hide();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
