/* test-markdown.c — Markdown to safe HTML and to plain text
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-markdown.h"

typedef struct {
  const char *markdown;
  const char *html;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *html = kennis_markdown_to_html (cases[i].markdown);
      g_autofree char *escaped = g_strescape (cases[i].markdown, NULL);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, escaped);
      g_assert_cmpstr (html, ==, cases[i].html);
    }
}

static void
test_render (void)
{
  static const Case cases[] = {
    { "# Kop", "<h1>Kop</h1>\n" },
    { "## Tweede *kop*", "<h2>Tweede <em>kop</em></h2>\n" },
    { "*nadruk* en **sterk**", "<p><em>nadruk</em> en <strong>sterk</strong></p>\n" },
    { "- een\n- twee", "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n" },
    { "1. een\n2. twee", "<ol>\n<li>een</li>\n<li>twee</li>\n</ol>\n" },
    { "`a < b`", "<p><code>a &lt; b</code></p>\n" },
    { "```c\nif (a && b) {}\n```", "<pre><code class=\"language-c\">if (a &amp;&amp; b) {}\n</code></pre>\n" },
    { "> citaat", "<blockquote>\n<p>citaat</p>\n</blockquote>\n" },
    { "Creëer één idee", "<p>Creëer één idee</p>\n" },
    { "", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_null_and_invalid (void)
{
  g_autofree char *null_html = kennis_markdown_to_html (NULL);
  g_autofree char *invalid = kennis_markdown_to_html ("a\xff" "b\xc3");
  g_autofree char *null_text = kennis_markdown_to_text (NULL);

  g_assert_cmpstr (null_html, ==, "");
  g_assert_cmpstr (null_text, ==, "");
  g_assert_cmpstr (invalid, ==, "<p>a\xef\xbf\xbd" "b\xef\xbf\xbd</p>\n");
}

/* Raw HTML is dropped, whatever it tries to do. */
static void
test_raw_html (void)
{
  static const Case cases[] = {
    { "<script>alert(1)</script>", "" },
    { "a <script>alert(1)</script> b", "<p>a alert(1) b</p>\n" },
    { "<img src=x onerror=alert(1)>", "" },
    { "zie <img src=x onerror=alert(1)> hier", "<p>zie  hier</p>\n" },
    { "<a href=\"javascript:alert(1)\">klik</a>", "<p>klik</p>\n" },
    { "<div onclick=\"x()\">\nblok\n</div>", "" },
    { "<!-- comment -->", "" },
    { "<?php echo 1; ?>", "" },
    { "<![CDATA[ x ]]>", "" },
  };
  static const char * const hostile[] = {
    "<SCRIPT>alert(1)</SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "x\n\n<style>body{}</style>",
  };

  check_cases (cases, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *html = kennis_markdown_to_html (hostile[i]);
      g_autofree char *lower = g_ascii_strdown (html, -1);

      g_test_message ("hostile %u", i);
      g_assert_null (strstr (lower, "<script"));
      g_assert_null (strstr (lower, "<svg"));
      g_assert_null (strstr (lower, "<iframe"));
      g_assert_null (strstr (lower, "<style"));
      g_assert_null (strstr (lower, "onload"));
    }
}

/* Every spelling of a dangerous destination loses its URL but keeps its
 * text; an image becomes its alt text. */
static void
test_hostile_urls (void)
{
  static const Case cases[] = {
    { "[x](javascript:alert(1))", "<p>x</p>\n" },
    { "[x](jAvAsCrIpT:alert(1))", "<p>x</p>\n" },
    { "[x](&#106;avascript:alert(1))", "<p>x</p>\n" },
    { "[x](&#x6A;avascript:alert(1))", "<p>x</p>\n" },
    { "[x](&#0000106avascript:alert(1))", "<p>x</p>\n" },
    { "[x](< javascript:alert(1)>)", "<p>x</p>\n" },
    { "[x](&#32;javascript:alert(1))", "<p>x</p>\n" },
    { "[x](<java\tscript:alert(1)>)", "<p>x</p>\n" },
    { "[x](java&#9;script:alert(1))", "<p>x</p>\n" },
    { "[x](java&Tab;script:alert(1))", "<p>x</p>\n" },
    { "[x](javascript&colon;alert(1))", "<p>x</p>\n" },
    { "[x](javascript&#58;alert(1))", "<p>x</p>\n" },
    { "[x](javascript%3Aalert(1))", "<p>x</p>\n" },
    { "[x](%6Aavascript:alert(1))", "<p>x</p>\n" },
    { "[x](&amp;#106;avascript:alert(1))", "<p>x</p>\n" },
    { "[x](\x01javascript:alert(1))", "<p>x</p>\n" },
    { "[x](vbscript:msgbox(1))", "<p>x</p>\n" },
    { "[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n" },
    { "[x](data:image/png;base64,iVBORw0KGgo=)", "<p>x</p>\n" },
    { "[x](file:///etc/passwd)", "<p>x</p>\n" },
    { "[x](ftp://example.com/)", "<p>x</p>\n" },
    { "[*x* y](javascript:alert(1))", "<p><em>x</em> y</p>\n" },
    { "<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n" },
    { "[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>\n" },
    { "![a *b*](javascript:alert(1))", "<p>a b</p>\n" },
    { "![](javascript:alert(1))", "<p></p>\n" },
    { "![pic](data:image/svg+xml;base64,PHN2Zz4=)", "<p>pic</p>\n" },
    { "[![pic](javascript:x)](javascript:y)", "<p>pic</p>\n" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_safe_urls (void)
{
  static const Case cases[] = {
    { "[x](http://example.com)", "<p><a href=\"http://example.com\">x</a></p>\n" },
    { "[x](https://example.com/a?b=1&c=2#d)",
      "<p><a href=\"https://example.com/a?b=1&amp;c=2#d\">x</a></p>\n" },
    { "[x](HTTPS://EXAMPLE.COM)", "<p><a href=\"HTTPS://EXAMPLE.COM\">x</a></p>\n" },
    { "[x](mailto:ik@example.nl)", "<p><a href=\"mailto:ik@example.nl\">x</a></p>\n" },
    { "[x](notities/idee.html)", "<p><a href=\"notities/idee.html\">x</a></p>\n" },
    { "[x](../idee.html)", "<p><a href=\"../idee.html\">x</a></p>\n" },
    { "[x](/pad)", "<p><a href=\"/pad\">x</a></p>\n" },
    { "[x](#kop)", "<p><a href=\"#kop\">x</a></p>\n" },
    { "[x](a/b:c)", "<p><a href=\"a/b:c\">x</a></p>\n" },
    { "[x](https://example.com \"titel\")",
      "<p><a href=\"https://example.com\" title=\"titel\">x</a></p>\n" },
    { "<https://example.com>", "<p><a href=\"https://example.com\">https://example.com</a></p>\n" },
    { "![foto](foto.png)", "<p><img src=\"foto.png\" alt=\"foto\" /></p>\n" },
    { "![foto](https://example.com/f.jpg)", "<p><img src=\"https://example.com/f.jpg\" alt=\"foto\" /></p>\n" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_url_is_safe (void)
{
  static const struct {
    const char *url;
    gboolean    safe;
  } cases[] = {
    { NULL, TRUE },
    { "", TRUE },
    { "https://example.com", TRUE },
    { "HtTp://example.com", TRUE },
    { "mailto:a@b.nl", TRUE },
    { "relative/path.html", TRUE },
    { "//example.com/x", TRUE },
    { "?q=a:b", TRUE },
    { "javascript:alert(1)", FALSE },
    { " \t\njavascript:alert(1)", FALSE },
    { "java\nscript:alert(1)", FALSE },
    { "\x7fjavascript:alert(1)", FALSE },
    { "&#x26;#x6A;avascript:alert(1)", FALSE },
    { "%2526%2523106;avascript:x", FALSE },
    { "data:,x", FALSE },
    { "foo:bar", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (kennis_markdown_url_is_safe (cases[i].url), ==, cases[i].safe);
    }
}

static void
test_bare_urls (void)
{
  static const Case cases[] = {
    { "Zie https://example.com/a.",
      "<p>Zie <a href=\"https://example.com/a\">https://example.com/a</a>.</p>\n" },
    { "http://example.com, en meer",
      "<p><a href=\"http://example.com\">http://example.com</a>, en meer</p>\n" },
    { "(zie https://example.com/x)",
      "<p>(zie <a href=\"https://example.com/x\">https://example.com/x</a>)</p>\n" },
    { "https://nl.wikipedia.org/wiki/Kennis_(filosofie)",
      "<p><a href=\"https://nl.wikipedia.org/wiki/Kennis_(filosofie)\">"
      "https://nl.wikipedia.org/wiki/Kennis_(filosofie)</a></p>\n" },
    { "a https://a.nl b https://b.nl?",
      "<p>a <a href=\"https://a.nl\">https://a.nl</a> b <a href=\"https://b.nl\">https://b.nl</a>?</p>\n" },
    { "https://example.com/?a=1&b=2",
      "<p><a href=\"https://example.com/?a=1&amp;b=2\">https://example.com/?a=1&amp;b=2</a></p>\n" },
    { "*https://example.com*",
      "<p><em><a href=\"https://example.com\">https://example.com</a></em></p>\n" },
    { "HTTPS://EXAMPLE.COM", "<p><a href=\"HTTPS://EXAMPLE.COM\">HTTPS://EXAMPLE.COM</a></p>\n" },
    { "`https://example.com`", "<p><code>https://example.com</code></p>\n" },
    { "    https://example.com", "<pre><code>https://example.com\n</code></pre>\n" },
    { "```\nhttps://example.com\n```", "<pre><code>https://example.com\n</code></pre>\n" },
    { "[https://a.nl](https://b.nl)", "<p><a href=\"https://b.nl\">https://a.nl</a></p>\n" },
    { "![https://a.nl](b.png)", "<p><img src=\"b.png\" alt=\"https://a.nl\" /></p>\n" },
    { "alleen http:// en https://.", "<p>alleen http:// en https://.</p>\n" },
    { "xhttps://example.com", "<p>xhttps://example.com</p>\n" },
    { "ftp://example.com", "<p>ftp://example.com</p>\n" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Nothing XML 1.0 forbids comes out, and nothing can end a CDATA section. */
static void
test_escaping (void)
{
  static const Case cases[] = {
    { "]]>", "<p>]]&gt;</p>\n" },
    { "a & b < c > \"d\"", "<p>a &amp; b &lt; c &gt; &quot;d&quot;</p>\n" },
    { "a\x01" "b\x1f" "c", "<p>a\xef\xbf\xbd" "b\xef\xbf\xbd" "c</p>\n" },
    { "a&#1;b", "<p>a\xef\xbf\xbd" "b</p>\n" },
    { "a&#0;b", "<p>a\xef\xbf\xbd" "b</p>\n" },
    { "a\xef\xbf\xbe" "b", "<p>a\xef\xbf\xbd" "b</p>\n" },
    { "`\x02`", "<p><code>\xef\xbf\xbd</code></p>\n" },
    { "[x](a\x01" "b)", "<p><a href=\"a%EF%BF%BDb\">x</a></p>\n" },
    { "[x](a&#1;b)", "<p><a href=\"a%01b\">x</a></p>\n" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_text (void)
{
  static const struct {
    const char *markdown;
    const char *text;
  } cases[] = {
    { "", "" },
    { "# Kop\n\nEen *zin*   met\nregels.", "Kop\n\nEen zin met regels." },
    { "- een\n- twee\n\nDaarna.", "een\ntwee\n\nDaarna." },
    { "- een\n\n- twee", "een\n\ntwee" },
    { "[tekst](https://example.com) en ![alt](a.png)", "tekst en alt" },
    { "a <b>vet</b> <script>x</script>", "a vet x" },
    { "`code`  \n\n```\nblok\n  code\n```", "code\n\nblok code" },
    { "> citaat\n\n---\n\nnaschrift", "citaat\n\nnaschrift" },
    { "a & b <c>", "a & b" },
    { "a\x01" "b", "a\xef\xbf\xbd" "b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kennis_markdown_to_text (cases[i].markdown);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/render", test_render);
  g_test_add_func ("/markdown/null-and-invalid", test_null_and_invalid);
  g_test_add_func ("/markdown/raw-html", test_raw_html);
  g_test_add_func ("/markdown/hostile-urls", test_hostile_urls);
  g_test_add_func ("/markdown/safe-urls", test_safe_urls);
  g_test_add_func ("/markdown/url-is-safe", test_url_is_safe);
  g_test_add_func ("/markdown/bare-urls", test_bare_urls);
  g_test_add_func ("/markdown/escaping", test_escaping);
  g_test_add_func ("/markdown/text", test_text);

  return g_test_run ();
}
