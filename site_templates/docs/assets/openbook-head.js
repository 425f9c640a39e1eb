/* Runs in <head>, before Material's bundle. Material reads every link[rel=alternate] as a
 * translation of the site, fetches "sitemap.xml" next to it and reroutes clicks on links below
 * it; for a feed that means 404s and feed links that lead nowhere. Feed readers read the HTML
 * source, where the links stay rel="alternate"; in the page they become "alternate feed". */
(function () {
  "use strict";
  var feeds = document.querySelectorAll(
    'link[rel="alternate"][type="application/atom+xml"], link[rel="alternate"][type="application/rss+xml"], ' +
    'link[rel="alternate"][type="application/feed+json"]'
  );
  for (var i = 0; i < feeds.length; i++) {
    feeds[i].setAttribute("rel", "alternate feed");
  }
})();
