"""Hostile texts for the content: titles that must read as written wherever they appear, and
Markdown that must neither run a script, add a handler or an element, nor load from another
host."""

from __future__ import annotations

# Plain-text fields: each must read exactly as written, wherever it appears.
TITLES = [
    "<img src=x onerror=alert('title')>",
    "&lt;/title&gt;&lt;img src=x onerror=alert('entity title')&gt;",
    "</title><svg onload=alert('title break')>",
    "\"><script>alert('attribute title')</script>",
    "Fixed `\"><img src=x onerror=alert('code title')>`",
]
# Markdown fields: update texts, remedies, bodies.
MARKDOWN = [
    "![s](x){: onerror=\"alert('attr_list img')\"}",
    "Text\n{: tabindex=0 autofocus onfocus=\"alert('attr_list focus')\"}",
    "[details](https://ok.example){: href=\"javascript:alert('attr_list href')\"}",
    "<xmp><p title=\"</xmp><img src=x onerror=alert('xmp')>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
    "<noembed><p title=\"</noembed><img src=x onerror=alert('noembed')>\">",
    "<noframes><p title=\"</noframes><img src=x onerror=alert('noframes')>\">",
    "<textarea><p title=\"</textarea><img src=x onerror=alert('textarea')>\">",
    "<title><p title=\"</title><img src=x onerror=alert('title tag')>\">",
    "<svg><style><img src=x onerror=alert('svg style')>",
    "<svg><a><animate attributeName=href values=\"javascript:alert('animate')\"/><text y=20>go</text></a></svg>",
    "<svg><a><set attributeName=href to=\"javascript:alert('set')\"/><text y=20>go</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "<!-- \"><img src=x onerror=alert('comment')> -->",
    "Fixed `\"><img src=x onerror=alert('code span')>`",
    "<a href=\"jav&#x09;ascript:alert('entity')\">entity</a>",
    "<a href=\"javascript&colon;alert('colon')\">colon</a>",
    "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">',
    '<base href="https://evil.example/">',
    "<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>",
    "<script>alert('script')</script>",
    "<details open ontoggle=\"alert('toggle')\"><summary>more</summary></details>",
    "<style>@import url(https://evil.example/x.css); body{background:url(https://evil.example/bg.png)}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<div style="background:url(https://evil.example/bg.png)">styled</div>',
    "![tracker](https://evil.example/pixel.png)",
    "<form action=\"https://evil.example/\"><input name=q autofocus onfocus=alert('input')><button>Go</button></form>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<video src=x onerror=alert('video')></video>",
    "<body onload=alert('body')>",
    '<a href="https://evil.example/" target="_blank">a new tab without a handle on this page</a>',
]


def quoted(text: str) -> str:
    """`text` as one double-quoted YAML string, whatever it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
