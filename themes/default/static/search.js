// Search, in the reader's browser: the index (search-index.js) was built with the site,
// so nothing a parent types leaves this page. Without JavaScript the form does nothing
// and the page says where every page is listed instead.
(function () {
  "use strict";
  var index = window.policypressSearch;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !form || !input || !status || !list) { return; }
  var root = list.getAttribute("data-root") || "";
  var words = Object.keys(index.words);

  // Pages for a word stored as gaps between page numbers: [3, 1, 4] is pages 3, 4, 8.
  function pagesOf(word) {
    var gaps = index.words[word], pages = [], at = 0;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; pages.push(at); }
    return pages;
  }

  function search(query) {
    // Without accents: the index holds every accented word by its plain letters too.
    var plain = query.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    var terms = plain.split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length >= 2; });
    if (terms.length === 0) { return []; }
    var scores = null;
    terms.forEach(function (term) {
      var found = {};
      words.forEach(function (word) {
        if (word.indexOf(term) === 0) {
          pagesOf(word).forEach(function (page) { found[page] = (found[page] || 0) + (word === term ? 2 : 1); });
        }
      });
      // Every term must match: each one narrows the results.
      if (scores === null) { scores = found; return; }
      var both = {};
      Object.keys(scores).forEach(function (page) { if (found[page]) { both[page] = scores[page] + found[page]; } });
      scores = both;
    });
    return Object.keys(scores).map(function (page) {
      var entry = index.pages[page];
      var title = entry[0].toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
      var inTitle = terms.every(function (t) { return title.indexOf(t) !== -1; });
      return { page: entry, score: scores[page] + (inTitle ? 10 : 0) };
    }).sort(function (a, b) { return b.score - a.score || a.page[0].localeCompare(b.page[0]); });
  }

  function show(query) {
    var results = search(query);
    list.textContent = "";
    results.slice(0, 30).forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + result.page[1];
      link.textContent = result.page[0];
      item.appendChild(link);
      if (result.page[2]) {
        var summary = document.createElement("p");
        summary.textContent = result.page[2];
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
    // The sentences are the page's own, in its language, with {query} and {count} to fill.
    var said = results.length === 0 ? "data-none" : results.length === 1 ? "data-one" : "data-many";
    status.textContent = query.trim() === "" ? "" :
      (list.getAttribute(said) || "").replace("{query}", query).replace("{count}", String(results.length));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; show(asked); }
}());
