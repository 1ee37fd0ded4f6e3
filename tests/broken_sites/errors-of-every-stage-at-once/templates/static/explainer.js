/* explainer: small progressive enhancements. Every page works without it.
 *
 * Preview tooltips: hovering or focusing a linked name or term
 * (a.mention, a.ref) or a fact-check marker (sup.quote-ref a) shows its
 * one-line preview (the link's title) in an accessible tooltip. While the
 * tooltip is shown, the title moves to data-preview so the browser's own
 * tooltip does not appear as well. Escape, blur or moving the pointer away
 * dismisses it; the pointer may move onto the tooltip without closing it.
 */
(() => {
  "use strict";

  const SELECTOR = "a.mention, a.ref, sup.quote-ref a";
  const TIP_ID = "explainer_preview_tip";
  const HIDE_DELAY = 180;
  const SHOW_DELAY = 120;

  let tip = null;
  let current = null;   // link whose preview is shown
  let hideTimer = 0;
  let showTimer = 0;

  // Canonical names from the "Who is who" / "Terms explained" chips, so a
  // mention by alias ("Pyongyang") can name its entry ("North Korea").
  const names = new Map();

  function normalise(href) {
    try {
      const url = new URL(href, document.baseURI);
      return url.pathname + url.hash;
    } catch (err) {
      return href;
    }
  }

  function collectNames() {
    document.querySelectorAll(".chips a[href]").forEach((a) => {
      names.set(normalise(a.getAttribute("href")), a.textContent.trim());
    });
  }

  function ensureTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "preview-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    tip.addEventListener("mouseleave", () => scheduleHide());
    document.body.appendChild(tip);
    return tip;
  }

  // Each part is a block in the tooltip; the trailing space keeps the words
  // apart when the tooltip is read as the link's description.
  function span(cls, text) {
    const el = document.createElement("span");
    el.className = cls;
    el.textContent = text + " ";
    return el;
  }

  function kindOf(link) {
    if (link.closest("sup.quote-ref")) return "";
    if (link.classList.contains("mention-actor") || link.classList.contains("ref-actor")) return "Profile";
    if (link.classList.contains("mention-term") || link.classList.contains("ref-term")) return "Glossary";
    return "";
  }

  // A fact box on this page that the link points to (sup.quote-ref a).
  function localBox(link) {
    const href = link.getAttribute("href") || "";
    if (href.charAt(0) !== "#" || href.length < 2) return null;
    let target = null;
    try {
      target = document.getElementById(decodeURIComponent(href.slice(1)));
    } catch (err) {
      return null;
    }
    return target && target.classList.contains("fact-box") ? target : null;
  }

  function fill(link, preview) {
    const box = localBox(link);
    tip.textContent = "";
    if (box) {
      const label = box.querySelector(".status-label");
      const title = box.querySelector(".box-title");
      const figure = box.querySelector(".figure");
      tip.appendChild(span("tip-kind", "Fact check" + (label ? ": " + label.textContent.trim() : "")));
      if (title) tip.appendChild(span("tip-name", title.textContent.trim()));
      if (figure) tip.appendChild(span("tip-figure", figure.textContent.trim()));
      return;
    }
    const kind = kindOf(link);
    const shown = link.textContent.trim();
    const name = names.get(normalise(link.getAttribute("href") || "")) || "";
    if (kind) tip.appendChild(span("tip-kind", kind));
    if (name && name.toLowerCase() !== shown.toLowerCase()) {
      tip.appendChild(span("tip-name", name));
    }
    tip.appendChild(span("tip-text", preview));
  }

  function position(link) {
    const gap = 8;
    const rects = link.getClientRects();
    const r = rects.length ? rects[0] : link.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    tip.style.left = "0px";
    tip.style.top = "0px";
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    let left = r.left;
    left = Math.max(gap, Math.min(left, vw - tw - gap));
    let top = r.bottom + gap;
    if (top + th > window.innerHeight && r.top - gap - th > 0) {
      top = r.top - gap - th;
    }
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(top + window.scrollY) + "px";
  }

  function addDescribedBy(link) {
    const ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (!ids.includes(TIP_ID)) ids.push(TIP_ID);
    link.setAttribute("aria-describedby", ids.join(" "));
  }

  function removeDescribedBy(link) {
    const ids = (link.getAttribute("aria-describedby") || "").split(/\s+/)
      .filter((id) => id && id !== TIP_ID);
    if (ids.length) link.setAttribute("aria-describedby", ids.join(" "));
    else link.removeAttribute("aria-describedby");
  }

  function show(link) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (current === link) return;
    if (current) hide();
    const preview = link.getAttribute("title") || link.dataset.preview || "";
    if (!preview.trim()) return;
    ensureTip();
    if (link.hasAttribute("title")) {
      link.dataset.preview = preview;
      link.removeAttribute("title");
    }
    fill(link, preview);
    tip.hidden = false;
    position(link);
    addDescribedBy(link);
    link.classList.add("is-previewed");
    current = link;
  }

  function hide() {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (!current) return;
    const link = current;
    current = null;
    if (link.dataset.preview !== undefined) {
      link.setAttribute("title", link.dataset.preview);
      delete link.dataset.preview;
    }
    removeDescribedBy(link);
    link.classList.remove("is-previewed");
    if (tip) tip.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  function linkFrom(target) {
    return target instanceof Element ? target.closest(SELECTOR) : null;
  }

  function init() {
    collectNames();

    document.addEventListener("mouseover", (event) => {
      const link = linkFrom(event.target);
      if (!link) return;
      clearTimeout(hideTimer);
      if (link === current) return;
      clearTimeout(showTimer);
      showTimer = window.setTimeout(() => show(link), SHOW_DELAY);
    });

    document.addEventListener("mouseout", (event) => {
      const link = linkFrom(event.target);
      if (!link) return;
      const to = event.relatedTarget;
      if (to instanceof Node && (link.contains(to) || (tip && tip.contains(to)))) return;
      clearTimeout(showTimer);
      if (link === current) scheduleHide();
    });

    document.addEventListener("focusin", (event) => {
      const link = linkFrom(event.target);
      if (link) show(link);
      else if (current && !(tip && tip.contains(event.target))) hide();
    });

    document.addEventListener("focusout", (event) => {
      const link = linkFrom(event.target);
      if (link && link === current) scheduleHide();
    });

    document.addEventListener("keydown", (event) => {
      if ((event.key === "Escape" || event.key === "Esc") && current) {
        hide();
      }
    });

    // Following the link (or touching it) should not leave a tooltip behind.
    document.addEventListener("click", (event) => {
      if (current && linkFrom(event.target) === current) hide();
    });

    window.addEventListener("resize", () => {
      if (current) position(current);
    });

    window.addEventListener("pagehide", hide);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
