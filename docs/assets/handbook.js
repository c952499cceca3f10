/* Handbook pages: clicking an article's permalink (¶) copies the link to that article. */
window.handbookReady = true;
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.headerlink");
    if (!link || !navigator.clipboard) return;
    var url = link.href;
    navigator.clipboard.writeText(url).then(function () {
      link.setAttribute("data-copied", "已复制");
      link.title = "已复制本条链接";
      setTimeout(function () { link.removeAttribute("data-copied"); }, 1500);
    }, function () {});
  });
})();
