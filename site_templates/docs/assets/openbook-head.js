/* Runs in <head>, before Material's bundle. Material reads every link[rel=alternate] as a
 * translation of the site, fetches "sitemap.xml" next to it and reroutes clicks on links below
 * it. For a feed that means 404s and feed links that lead nowhere; for a language (hreflang,
 * an absolute address) a request to the published host from a preview or a mirror. Openbook's
 * language switcher already links each page to the same page, so Material needs neither.
 * Feed readers and search engines read the HTML source, where the links stay rel="alternate";
 * in the page they become "alternate feed" and "alternate translation". */
(function () {
  "use strict";
  var links = document.querySelectorAll('link[rel="alternate"]');
  for (var i = 0; i < links.length; i++) {
    links[i].setAttribute("rel", links[i].hasAttribute("hreflang") ? "alternate translation" : "alternate feed");
  }
})();
