/* Site search on the Pagefind index the build writes into pagefind/ (and,
   for a big site, its other shards, which pagefind.js lists).

   Without JavaScript each search box shows links to the glossary and the
   actors instead (the markup's fallback). With it, the box's form is shown;
   the index is loaded on first use (no request before that, and none to
   another host), and results appear under the box as a list of links with
   excerpts. The glossary, timeline, facts and sources pages hold many
   entries each: a hit there is shown as the entry it falls in (the element
   with the entry's id), with the entry's own title and link, not as the
   whole page.

   Keys: Down moves from the box into the results, Up and Down between
   them, Escape closes the results and returns to the box. */
(function () {
  "use strict";

  var ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_RESULTS = 8;
  var MAX_PER_PAGE = 3;  /* entries of one many-entry page, so other pages get a place */
  var EXCERPT_WORDS = 24;
  var loading = null;

  /* The index's first shard, then every other one merged into it (a big site
     is indexed in shards: builder/search.py), before the first query. */
  function loadIndex(box) {
    if (!loading) {
      var root = new URL(box.getAttribute("data-root"), document.baseURI);
      var bundle = new URL(box.getAttribute("data-index"), document.baseURI).href;
      var options = { baseUrl: root.pathname, excerptLength: EXCERPT_WORDS };
      loading = import(bundle).then(function (pagefind) {
        return pagefind.options(options).then(function () {
          return Promise.all((pagefind.explainerShards || []).map(function (folder) {
            return pagefind.mergeIndex(new URL(folder, root).pathname, options);
          }));
        }).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  /* Plain words of the page, and excerpt building with <mark> by DOM, never innerHTML. */
  function words(data) {
    var text = data.content || "";
    return text.indexOf("\u200B") >= 0 ? text.split("\u200B") : text.split(/\s+/);
  }

  function excerptNode(all, from, to, hits) {
    var start = Math.max(from, Math.min(hits[0] - 6, to - EXCERPT_WORDS));
    var end = Math.min(to, start + EXCERPT_WORDS);
    var marked = {};
    hits.forEach(function (h) { marked[h] = true; });
    var p = document.createElement("p");
    p.className = "result-excerpt";
    if (start > from) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (i > start) p.appendChild(document.createTextNode(" "));
      if (marked[i]) {
        var mark = document.createElement("mark");
        mark.textContent = all[i];
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(all[i]));
      }
    }
    if (end < to) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /* Pagefind's excerpt is escaped text with <mark> elements: rebuild it safely. */
  function pagefindExcerpt(html) {
    var p = document.createElement("p");
    p.className = "result-excerpt";
    html.split(/(<\/?mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (!text) return inMark;
      if (inMark) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(text));
      }
      return inMark;
    }, false);
    return p;
  }

  /* The entries of a many-entry page that the hits fall in, best scored first. */
  function entryResults(data) {
    var anchors = (data.anchors || []).filter(function (a) { return ENTRY_ID.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    var titles = {};
    (data.anchors || []).forEach(function (a) {
      if (/_title$/.test(a.id) && a.text) titles[a.id.slice(0, -6)] = a.text;
    });
    var all = words(data);
    var groups = [];
    var byId = {};
    (data.weighted_locations || []).slice().sort(function (a, b) { return a.location - b.location; })
      .forEach(function (hit) {
        var index = -1;
        for (var i = 0; i < anchors.length && anchors[i].location <= hit.location; i++) index = i;
        if (index < 0) return;
        var anchor = anchors[index];
        if (!byId[anchor.id]) {
          var next = anchors[index + 1];
          byId[anchor.id] = { anchor: anchor, hits: [], score: 0, end: next ? next.location : all.length };
          groups.push(byId[anchor.id]);
        }
        byId[anchor.id].hits.push(hit.location);
        byId[anchor.id].score += hit.balanced_score;  /* a hit in a term's name weighs more */
      });
    groups.sort(function (a, b) { return b.score - a.score; });
    var page = data.url.split("#")[0];
    return groups.map(function (g) {
      return {
        url: page + "#" + g.anchor.id,
        title: titles[g.anchor.id] || g.anchor.text || g.anchor.id,
        where: data.meta.title,
        excerpt: excerptNode(all, g.anchor.location, g.end, g.hits)
      };
    });
  }

  function pageResult(data) {
    return { url: data.url, title: data.meta.title, where: "", excerpt: pagefindExcerpt(data.excerpt || "") };
  }

  function renderResults(box, query, results) {
    var list = box.querySelector(".search-results");
    var status = box.querySelector(".search-status");
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = r.title;
      a.appendChild(title);
      if (r.where) {
        var where = document.createElement("span");
        where.className = "result-where";
        where.textContent = r.where;
        a.appendChild(document.createTextNode(" "));
        a.appendChild(where);
      }
      li.appendChild(a);
      li.appendChild(r.excerpt);
      list.appendChild(li);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "Nothing found. Try another word, or browse the glossary and actors.";
      list.appendChild(none);
    }
    status.textContent = results.length
      ? results.length + (results.length === MAX_RESULTS ? "+" : "") + " result" + (results.length === 1 ? "" : "s") + " for “" + query + "”"
      : "Nothing found for “" + query + "”";
    box.querySelector(".search-panel").hidden = false;
  }

  function search(box, query) {
    var token = (box._token || 0) + 1;
    box._token = token;
    if (!query.trim()) {
      close(box);
      return;
    }
    loadIndex(box).then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 120);
    }).then(function (found) {
      if (!found || box._token !== token) return null;  // a newer query is on its way
      return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (!pages || box._token !== token) return;
      var results = [];
      pages.forEach(function (data) {
        var split = data.meta && data.meta.split === "entries" ? entryResults(data) : [];
        results = results.concat(split.length ? split.slice(0, MAX_PER_PAGE) : [pageResult(data)]);
      });
      renderResults(box, query, results.slice(0, MAX_RESULTS));
    }).catch(function () {
      if (box._token !== token) return;
      box.classList.add("search-unavailable");
      box.querySelector(".search-status").textContent =
        "Search is not available here (the index is made by `python -m builder build`).";
      box.querySelector(".search-results").textContent = "";
      box.querySelector(".search-fallback").hidden = false;
    });
  }

  function close(box) {
    box.querySelector(".search-panel").hidden = true;
  }

  function links(box) {
    return Array.prototype.slice.call(box.querySelectorAll(".search-results a"));
  }

  function setUp(box) {
    var form = box.querySelector("form");
    var input = box.querySelector("input[type=search]");
    var fallback = box.querySelector(".search-fallback");
    if (!form || !input) return;
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    input.addEventListener("focus", function () { loadIndex(box).catch(function () {}); });
    input.addEventListener("input", function () { search(box, input.value); });
    form.addEventListener("submit", function (event) {
      // The results are already shown; Enter goes to the first one.
      var first = links(box)[0];
      event.preventDefault();
      if (first) first.click();
    });
    box.addEventListener("keydown", function (event) {
      var all = links(box);
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close(box);
        input.focus();
      } else if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus(); else all[at - 1].focus();
      }
    });
    box.addEventListener("focusout", function (event) {
      if (box.hasAttribute("data-search-page")) return;
      if (!event.relatedTarget || !box.contains(event.relatedTarget)) close(box);
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query && box.hasAttribute("data-search-page")) {
      input.value = query;
      search(box, query);
    }
  }

  document.querySelectorAll("[data-search]").forEach(setUp);
})();
