#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Crawls the web pages of a running 'spona serve' as a logged-in user, in
Bosnian, English and Serbian (Cyrillic), and reports every problem a
reader would see:

- a status of 500 or more, or a broken internal link (an <a href> that
  does not answer 200);
- a raw field name or enumeration code of the schema (read from
  schema/*.sql) in the visible text: codes with '_' or '.' on any page,
  and on a Bosnian or Serbian page every code that is not also a Bosnian
  word (one of the Bosnian labels of the schema);
- an English word (from the list below) in the visible text of a Bosnian
  or Serbian page.

Visible text is the text of the page outside <code> (keys and ids),
<style> and <script>, plus the labels of buttons and the placeholders of
inputs. Only the standard library. Usage:

    crawl.py SCHEMA_DIR BASE_URL USER PASSWORD
    crawl.py SCHEMA_DIR --self-test

Prints one line per problem and exits 1 when there is any, else prints
"crawled N pages" and exits 0. --self-test crawls a small site of its own
with one of each problem and exits 0 when every one is found.
"""
import glob
import html.parser
import http.cookiejar
import http.server
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

PAGES_MAX = 400  # per language: the crawl stops there

# English words that a Bosnian page must not show (the words of the
# interface; none is also a Bosnian word).
ENGLISH = """
the and of not yes page next previous search save edit back add delete
revoke cancel login logout user password members results result none never
sync hub owner created updated error key kind count source seq from when
reason proof active revoked node practice practices person persons
organisation organisations service services event events need needs
conflicts rejected forks withheld evidence field row value current losing
role lag skew invite export rows details channels purpose saved sharing
network public local ongoing idea pilot completed all apply sector year
status entries waiting pending through arrived written this name title
unit target baseline achieved indicators municipality entity
""".split()
# ... that are also Bosnian words, or names of the program.
ENGLISH_OK = {"status", "problem", "spona", "partner"}

TOKEN = re.compile(r"\w+(?:\.\w+)*")


def schema_codes(folder):
    """Field names, enumeration codes and the label words of the schema
    in Bosnian and Croatian (the Latin interfaces)."""
    fields, codes, bs_words = set(), set(), set()
    text = ""
    for path in sorted(glob.glob(folder + "/*.sql")):
        with open(path, encoding="utf-8") as f:
            text += f.read() + "\n"
    for m in re.finditer(r"\('(\w+)', '(\w+)', '(text|int|year|enum|email|"
                         r"url|date|uuid)'", text):
        fields.add(m.group(2))
    for block in re.findall(r"INSERT INTO meta_enum \(dom, value, label_bs, "
                            r"label_en, pos\) VALUES(.*?);", text, re.S):
        for m in re.finditer(r"\('(\w+)', '([^']+)', '((?:[^']|'')*)', "
                             r"'((?:[^']|'')*)', \d+\)", block):
            codes.add(m.group(2))
            bs_words.update(w.lower() for w in TOKEN.findall(m.group(3)))
    for m in re.finditer(r"\('(field|enum)', '[^']*', '[^']*', '(?:bs|hr)', "
                         r"'((?:[^']|'')*)'\)", text):
        bs_words.update(w.lower() for w in TOKEN.findall(m.group(2)))
    return fields, codes, bs_words


class Page(html.parser.HTMLParser):
    """The links and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.text = []
        self.hidden = 0  # depth inside <code>, <style>, <script>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("code", "style", "script"):
            self.hidden += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "input" and a.get("placeholder"):
            self.text.append(a["placeholder"])
        if tag == "input" and a.get("type") in ("submit", "button"):
            self.text.append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("code", "style", "script") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def opener(jar, follow=True):
    handlers = [urllib.request.HTTPCookieProcessor(jar)]
    if not follow:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


def fetch(op, url, data=None):
    """(status, final URL, body text) of a request."""
    try:
        with op.open(url, data=data, timeout=20) as r:
            body = r.read()
            kind = r.headers.get("Content-Type", "")
            return r.status, r.geturl(), body.decode("utf-8", "replace"), kind
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        return e.code, url, body, e.headers.get("Content-Type", "")


def login(base, jar, user, password):
    op = opener(jar)
    _, _, body, _ = fetch(op, base + "/login")
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
    if not m:
        sys.exit("crawl: no login form at " + base)
    form = urllib.parse.urlencode({"csrf": m.group(1), "user": user,
                                   "password": password}).encode()
    status, _, _, _ = fetch(opener(jar, follow=False), base + "/login", form)
    if status != 303:
        sys.exit("crawl: login as %s refused (%d)" % (user, status))


def local(base, href, page_url):
    """The absolute URL of an internal link, or None for another site and
    for the language switch (the crawl keeps one language at a time)."""
    url = urllib.parse.urljoin(page_url, href)
    u = urllib.parse.urlsplit(url)
    b = urllib.parse.urlsplit(base)
    if (u.scheme, u.netloc) != (b.scheme, b.netloc):
        return None
    if "lang" in urllib.parse.parse_qs(u.query):
        return None
    return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, u.query, ""))


def check_text(text, lang, fields, codes, bs_words, where, problems):
    found = {}
    for m in TOKEN.finditer(text):
        bare = m.group(0).strip(".")
        low = bare.lower()
        what = None
        if bare in fields or bare in codes:
            snake = "_" in bare or "." in bare
            if snake or (lang != "en" and low not in bs_words):
                what = "raw code '%s'" % bare
        if not what and lang != "en" and low in ENGLISH and \
                low not in ENGLISH_OK and low not in bs_words:
            what = "English word '%s'" % bare
        if what and what not in found:
            a, b = max(0, m.start() - 30), m.end() + 30
            found[what] = " ".join(text[a:b].split())
    for f in sorted(found):
        problems.append("%s [%s]: %s in \"%s\"" % (where, lang, f, found[f]))


def crawl(base, jar, lang, fields, codes, bs_words, problems):
    op = opener(jar)
    fetch(op, base + "/practices?lang=" + lang)  # the language cookie
    # The start page, and what the search boxes (forms, not links) lead
    # to.
    starts = [base + "/", base + "/search?q=dijaspora",
              base + "/practices?q=dijaspora"]
    seen, queue = set(starts), list(starts)
    referrer = {s: "(start)" for s in starts}
    n = 0
    while queue and n < PAGES_MAX:
        url = queue.pop(0)
        n += 1
        status, final, body, kind = fetch(op, url)
        where = urllib.parse.urlsplit(url)
        where = where.path + ("?" + where.query if where.query else "")
        if status >= 500:
            problems.append("%s [%s]: status %d" % (where, lang, status))
            continue
        if status != 200:
            problems.append("%s [%s]: broken link (status %d) from %s" %
                            (where, lang, status, referrer[url]))
            continue
        if "text/html" not in kind:
            continue  # a download
        p = Page()
        p.feed(body)
        text = " ".join(p.text)
        check_text(text, lang, fields, codes, bs_words, where, problems)
        for href in p.links:
            nxt = local(base, href, final)
            if nxt and nxt not in seen:
                seen.add(nxt)
                referrer[nxt] = where
                queue.append(nxt)
    return n


# The site of the self-test: a login, and pages each with one problem.
FAKE = {
    "/login": '<form><input name="csrf" value="ab12"></form>',
    "/practices": '<a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a>'
                  ' <a href="/d">d</a> <a href="/gone">x</a>'
                  ' <a href="/practices?lang=en">English</a>'
                  ' <code>org_type</code> Goražde',
    "/a": "<td>org_type</td>",
    "/b": "<p>Stanje: ongoing</p>",
    "/c": "<button>Save</button>",
    "/d": "<p>Sve je u redu: Naziv, Status, Problem.</p>",
    "/search": "<p>Nema rezultata.</p>",
}


class Fake(http.server.BaseHTTPRequestHandler):
    def answer(self):
        path = self.path.split("?")[0]
        if self.command == "POST":
            self.send_response(303)
            self.send_header("Location", "/practices")
            self.end_headers()
            return
        if path == "/":
            path = "/practices"
        if path == "/boom":
            self.send_response(500)
            self.end_headers()
            return
        body = FAKE.get(path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((body or "").encode())

    do_GET = answer
    do_POST = answer

    def log_message(self, *args):
        pass


def self_test(folder):
    """Every kind of problem is found on a site made to have them, and
    nothing on the page without one."""
    fields, codes, bs_words = schema_codes(folder)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % srv.server_port
    FAKE["/practices"] += ' <a href="/boom">!</a>'
    problems = []
    jar = http.cookiejar.CookieJar()
    login(base, jar, "u", "p")
    crawl(base, jar, "bs", fields, codes, bs_words, problems)
    srv.shutdown()
    want = ["/a [bs]: raw code 'org_type'", "/b [bs]: raw code 'ongoing'",
            "/c [bs]: English word 'Save'", "/gone [bs]: broken link",
            "/boom [bs]: status 500"]
    bad = [w for w in want if not any(p.startswith(w) for p in problems)]
    bad += [p for p in problems if p.startswith(("/d ", "/practices "))]
    for b in bad:
        print("self-test: missed or wrong: " + b)
    print("self-test: %d problems found, %d wrong" % (len(problems), len(bad)))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 3 and sys.argv[2] == "--self-test":
        return self_test(sys.argv[1])
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    folder, base, user, password = sys.argv[1:]
    base = base.rstrip("/")
    fields, codes, bs_words = schema_codes(folder)
    if not fields or not codes:
        sys.exit("crawl: no fields or codes in " + folder)
    problems = []
    total = 0
    for lang in ("bs", "en", "sr", "hr"):
        jar = http.cookiejar.CookieJar()
        login(base, jar, user, password)
        total += crawl(base, jar, lang, fields, codes, bs_words, problems)
    for p in problems:
        print(p)
    print("crawled %d pages of %s, %d problems" % (total, base, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
