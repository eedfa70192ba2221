// Pagefind UI on the search page; Pagefind loads the index of the page's <html lang>.
//
// Japanese queries: Pagefind segments the index with a morphological analyser
// (pagefind[extended]) but the query with the browser's Intl.Segmenter, and
// the two disagree on inflected endings ("存在しません" → 存在|しま|せん in
// the browser, 存在|し|ませ|ん in the index), so a natural query such as
// 「ユーザが存在しません」 would find almost nothing. sitegenSearchTerm keeps
// the content words of a Japanese query (runs of kanji, katakana, Latin
// letters and digits) and drops the hiragana particles and endings around them.
// A katakana loanword the browser does not know (アクティベーション) would be
// cut into pieces (アク|テ|ィ|ベ|ー|ション) that no indexed word starts with;
// it is shortened to its longest start the browser keeps whole (アクティベ),
// which Pagefind matches as the start of the indexed word.
(function () {
  var CONTENT = /[\u4E00-\u9FFF\u3400-\u4DBF\u3005\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9FA-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A@._+-]+/g;
  var KATAKANA = /^[\u30A0-\u30FF\u31F0-\u31FF]+$/;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("ja", { granularity: "word" }) : null;
  function pieces(word) {
    return Array.from(segmenter.segment(word)).length;
  }
  function wholeStart(word) {
    if (!segmenter || !KATAKANA.test(word) || pieces(word) === 1) return word;
    for (var end = word.length - 1; end >= 2; end--) {
      if (pieces(word.slice(0, end)) === 1) return word.slice(0, end);
    }
    return word;
  }
  function sitegenSearchTerm(term) {
    if (!/[\u3040-\u30FF\u4E00-\u9FFF]/.test(term)) return term;
    var words = term.match(CONTENT);
    return words && words.length ? words.map(wholeStart).join(" ") : term;
  }
  window.sitegenSearchTerm = sitegenSearchTerm;

  var el = document.getElementById("sg-search");
  if (!el) return;
  if (typeof PagefindUI === "undefined") {
    // no index (a preview, or a build with --no-search): keep the reader's
    // query in the form and say why nothing is found
    var query = new URLSearchParams(window.location.search).get("q");
    var input = document.getElementById("sg-search-q");
    var note = document.getElementById("sg-search-unavailable");
    if (query && input) input.value = query;
    if (note) note.hidden = false;
    return;
  }
  var fallback = document.getElementById("sg-search-fallback");
  if (fallback) fallback.hidden = true;
  var ui = new PagefindUI({
    element: "#sg-search",
    bundlePath: el.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,  // pages have no thumbnails: no empty column beside every result
    processTerm: sitegenSearchTerm,
    translations: { placeholder: el.getAttribute("data-placeholder") || "" }
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
