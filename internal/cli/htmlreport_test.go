//go:build browser

package cli

// The HTML report of hops check --html opened in a real browser: headless
// Chromium from Debian's chromium package, driven through the Chrome
// DevTools protocol. A browser takes seconds of CPU to start, so this file
// builds only with -tags browser: .ci/run installs chromium and runs it
// (go test -tags browser -run TestHTMLReportInBrowser ./internal/cli/), and
// without chromium it fails.

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/hops-cli/hops/lab"
)

// chromium is the browser's path; the test is skipped without one, but
// not under CI=true, whose .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is not installed: the browser test of the HTML report needs it (apt-get install chromium)")
	return ""
}

// The script a hostile server puts in its reason phrase and Location:
// were it run, it would set window.hopsPwned.
const (
	pwnPhrase   = `Moved </script><script>window.hopsPwned=1</script>`
	pwnLocation = `/landing?</script><script>window.hopsPwned=2</script>`
	pwnRow      = `</script><script>window.hopsPwned=3</script>`
)

// hostileServer answers /evil with a 301 whose reason phrase and Location
// carry a script, and everything else with a small page. It writes its
// responses by hand: net/http would not send such a reason phrase.
func hostileServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					if req.URL.Path == "/evil" {
						fmt.Fprintf(c, "HTTP/1.1 301 %s\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n", pwnPhrase, pwnLocation)
						continue
					}
					body := "<!doctype html><title>landing</title><p>landed"
					fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
				}
			}()
		}
	}()
	return "http://" + l.Addr().String()
}

// page is the report opened in the browser, with what it asked the
// network for and what went wrong in it.
type page struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	problems []string
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, p *page, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// until waits for a condition of the page (the search waits a moment
// before filtering), failing with what it shows when it never comes.
func (p *page) until(t *testing.T, cond, show string) {
	t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s never held (%v): %s", cond, err, eval[string](t, p, show))
	}
}

// newBrowser starts a headless Chromium for one test; its pages are tabs.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // root in CI
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(profile),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelA()
		removeSingletonDir(profile)
	})
	// The first call starts the browser, with no timeout: it lives as
	// long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// removeSingletonDir removes the directory Chromium made under TMPDIR for
// its singleton socket, which the profile links to: Chromium, killed at
// the end, leaves it behind (an org.chromium.Chromium.* a run). TMPDIR is
// not pointed elsewhere instead: the socket's path must fit in 107 bytes.
func removeSingletonDir(profile string) {
	sock, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	if err != nil {
		return
	}
	if dir := filepath.Dir(sock); strings.HasPrefix(filepath.Base(dir), "org.chromium.Chromium.") {
		os.RemoveAll(dir)
	}
}

// openReport opens the file in a new tab of the browser, and records every
// request the page makes, every exception and every console or log entry
// (a blocked resource or script is logged).
func openReport(t *testing.T, browser context.Context, path string) *page {
	t.Helper()
	p := &page{}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithListener(func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			p.problems = append(p.problems, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			p.problems = append(p.problems, "console."+string(ev.Type))
		case *cdplog.EventEntryAdded:
			p.problems = append(p.problems, "log: "+ev.Entry.Text)
		}
	}))
	t.Cleanup(cancel)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	p.ctx = tctx
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+path),
		chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`))); err != nil {
		t.Fatalf("open the report: %v", err)
	}
	return p
}

// TestHTMLReportInBrowser opens reports of real check runs in one headless
// Chromium, a tab each.
func TestHTMLReportInBrowser(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	t.Run("lab", func(t *testing.T) { t.Parallel(); htmlReportOfTheLab(t, browser) })
	t.Run("in view", func(t *testing.T) { t.Parallel(); htmlReportDrawsOnlyWhatIsInView(t, browser) })
}

// htmlReportOfTheLab runs a real check of the lab and a hostile server
// with --html, opens the report from disk and uses it as a person would:
// the counts and charts, a search, the result and finding filters, a sort,
// a row opened to its hops. The hostile server's script shows as text and
// never runs, and the page asks the network for nothing.
func htmlReportOfTheLab(t *testing.T, browser context.Context) {
	l, err := lab.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := l.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	evil := hostileServer(t)
	list := strings.Join([]string{
		l.HTTPURL() + "/shop",             // ok: 301 to https
		l.HTTPURL() + "/promo",            // ok: 302 to /sale
		l.HTTPURL() + "/blog/old-post",    // mismatch: ends in 404
		l.HTTPURL() + "/long/1",           // ok: five redirects, long-chain
		l.HTTPURL() + "/loop/a",           // error: a loop
		l.HTTPURL() + "/docs/guide/start", // ok: a relative Location
		evil + "/evil",                    // ok, with a script in its reason phrase and Location
		pwnRow,                            // error: malformed, a script as the source
	}, "\n") + "\n"
	input := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(input, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.html")
	if r := runHopsBinary(t, "check", "--cacert", ca, "--timeout", "5s", "--html", report, input); r.code != exitFindings {
		t.Fatalf("hops check exit %d; want 1 (rows not ok)\n%s", r.code, r.stderr)
	}

	p := openReport(t, browser, report)
	text := func(sel string) string {
		return eval[string](t, p, `document.querySelector(`+jsString(sel)+`).textContent`)
	}
	for sel, want := range map[string]string{"#count-total": "8", "#count-ok": "5", "#count-mismatch": "1", "#count-error": "2", "#shown": "8 rows"} {
		if got := text(sel); got != want {
			t.Errorf("%s shows %q; want %q", sel, got, want)
		}
	}
	charts := eval[[]string](t, p, `[...document.querySelectorAll('figure.chart')].map(f => f.id + ':' + f.querySelectorAll('svg rect').length)`)
	if got := strings.Join(charts, " "); got != "chart-results:3 chart-first:2 chart-lengths:2 chart-findings:6 chart-targets:6" {
		t.Errorf("charts (id:bars) %s", got)
	}
	rowsShown := `[...document.querySelectorAll('#rows-body tr.r')].map(r => [...r.cells].map(c => c.textContent).join('|'))`
	drawn := eval[[]string](t, p, rowsShown)
	if len(drawn) != 8 || !strings.HasPrefix(drawn[0], "1|ok|"+l.HTTPURL()+"/shop|301|1|200|https://localhost:") {
		t.Errorf("rows drawn:\n%s", strings.Join(drawn, "\n"))
	}

	// A search narrows the table to the rows that match.
	eval[chromedp.Void](t, p, `(() => { const q = document.getElementById('q'); q.value = 'LOOP'; q.dispatchEvent(new Event('input')); })()`)
	p.until(t, `document.getElementById('shown').textContent === '1 of 8 rows'`, `document.getElementById('shown').textContent`)
	drawn = eval[[]string](t, p, rowsShown)
	if len(drawn) != 1 || !strings.HasPrefix(drawn[0], "5|error|"+l.HTTPURL()+"/loop/a|302|") {
		t.Errorf("after searching for loop: %q", drawn)
	}
	eval[chromedp.Void](t, p, `(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input')); })()`)
	p.until(t, `document.getElementById('shown').textContent === '8 rows'`, `document.getElementById('shown').textContent`)

	// The result filter, then the finding filter.
	eval[chromedp.Void](t, p, `(() => { const s = document.getElementById('f-result'); s.value = 'error'; s.dispatchEvent(new Event('change')); })()`)
	drawn = eval[[]string](t, p, rowsShown)
	if text("#shown") != "2 of 8 rows" || len(drawn) != 2 || !strings.HasPrefix(drawn[0], "5|error|") || !strings.HasPrefix(drawn[1], "8|error|"+pwnRow+"|") {
		t.Errorf("filtered to errors (%s): %q", text("#shown"), drawn)
	}
	eval[chromedp.Void](t, p, `(() => { const s = document.getElementById('f-result'); s.value = ''; s.dispatchEvent(new Event('change'));
		const c = document.getElementById('f-code'); c.value = 'long-chain'; c.dispatchEvent(new Event('change')); })()`)
	drawn = eval[[]string](t, p, rowsShown)
	if len(drawn) != 1 || !strings.HasPrefix(drawn[0], "4|ok|"+l.HTTPURL()+"/long/1|301|5|200|") {
		t.Errorf("filtered to long-chain: %q", drawn)
	}
	eval[chromedp.Void](t, p, `(() => { const c = document.getElementById('f-code'); c.value = ''; c.dispatchEvent(new Event('change')); })()`)

	// Sorting by the number of redirects, most first.
	eval[chromedp.Void](t, p, `(() => { const b = document.querySelector('th[data-key="h"] button'); b.click(); b.click(); })()`)
	drawn = eval[[]string](t, p, rowsShown)
	if len(drawn) != 8 || !strings.HasPrefix(drawn[0], "4|ok|") || text(`th[data-key="h"]`) == "" {
		t.Errorf("sorted by redirects, most first: %q", drawn)
	}
	sortState := eval[string](t, p, `document.querySelector('th[data-key="h"]').getAttribute('aria-sort')`)
	if sortState != "descending" {
		t.Errorf("aria-sort %q", sortState)
	}

	// The hostile row opens to its hops; its script is text in the page.
	hopsText := eval[[]string](t, p, `(() => { [...document.querySelectorAll('#rows-body tr.r')].find(r => r.cells[0].textContent === '7').click();
		return [...document.querySelectorAll('#rows-body tr.detail tr.hop')].map(r => [...r.cells].map(c => c.textContent).join('|')); })()`)
	wantHops := []string{
		"1|301 " + pwnPhrase + "|GET|" + evil + "/evilLocation: " + pwnLocation + "|" +
			"relative-location Location \"" + pwnLocation + "\" is relative; it resolves to " + evil + "/landing?%3C/script%3E%3Cscript%3Ewindow.hopsPwned=2%3C/script%3E (an absolute URL is easier to audit)" +
			"permanent-cached permanent 301 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it",
		"2|200|GET|" + evil + "/landing?%3C/script%3E%3Cscript%3Ewindow.hopsPwned=2%3C/script%3E|",
	}
	if strings.Join(hopsText, "\n") != strings.Join(wantHops, "\n") {
		t.Errorf("row 7 opened to hops:\n%s\nwant:\n%s", strings.Join(hopsText, "\n"), strings.Join(wantHops, "\n"))
	}
	pwned := eval[bool](t, p, `window.hopsPwned !== undefined`)
	scripts := eval[int](t, p, `document.scripts.length`)
	if pwned || scripts != 1 {
		t.Errorf("a server's script ran (%v), or the page has %d script elements; want only its own", pwned, scripts)
	}
	drawn = eval[[]string](t, p, `(() => { const s = document.getElementById('f-result'); s.value = 'error'; s.dispatchEvent(new Event('change'));
		return [...document.querySelectorAll('#rows-body tr.r')].map(r => r.cells[2].textContent); })()`)
	if len(drawn) != 2 || drawn[1] != pwnRow {
		t.Errorf("the listed source with a script shows as %q; want %q", drawn, pwnRow)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) != 1 || p.requests[0] != "file://"+report {
		t.Errorf("the page asked for %q; want only itself", p.requests)
	}
	if len(p.problems) > 0 {
		t.Errorf("the page logged: %q", p.problems)
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// htmlReportDrawsOnlyWhatIsInView checks 1,500 URLs of a loopback server
// with --html: the page holds no row twice (the JSON elements are gone
// once read), draws only the rows in view however many there are, stands
// for the others with the height they would take, and draws the last rows
// when scrolled to the bottom.
func htmlReportDrawsOnlyWhatIsInView(t *testing.T, browser context.Context) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	const n = 1500
	var list strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&list, "%s/page/%d\n", srv.URL, i)
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(input, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.html")
	if r := runHopsBinary(t, "check", "-c", "32", "--html", report, input); r.code != 0 {
		t.Fatalf("hops check exit %d; want 0\n%s", r.code, r.stderr)
	}

	p := openReport(t, browser, report)
	if got := eval[string](t, p, `document.getElementById('shown').textContent`); got != "1\u202f500 rows" {
		t.Errorf("shown %q", got)
	}
	if got := eval[int](t, p, `document.querySelectorAll('script[type="application/json"]').length`); got != 0 {
		t.Errorf("%d row elements left in the page once read", got)
	}
	type layout struct {
		Drawn                 int
		RowH, BodyH, FirstRow float64
		Last                  string
		DrawnAfter            int
	}
	l, err := chromedp.Run(p.ctx, chromedp.Evaluate[layout](`new Promise(done => {
		const sc = document.getElementById('scroller'), body = document.getElementById('rows-body');
		const l = {Drawn: body.querySelectorAll('tr.r').length, RowH: body.querySelector('tr.r').getBoundingClientRect().height,
			BodyH: body.getBoundingClientRect().height, FirstRow: Number(body.querySelector('tr.r').cells[0].textContent)};
		sc.scrollTop = sc.scrollHeight;
		requestAnimationFrame(() => requestAnimationFrame(() => {
			const rows = body.querySelectorAll('tr.r');
			l.Last = rows[rows.length - 1].cells[2].textContent;
			l.DrawnAfter = rows.length;
			done(l);
		}));
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if l.Drawn == 0 || l.Drawn > 60 || l.DrawnAfter > 60 || l.FirstRow != 1 {
		t.Errorf("%d rows drawn at the top (first %v), %d at the bottom; want the ones in view", l.Drawn, l.FirstRow, l.DrawnAfter)
	}
	if diff := l.BodyH - n*l.RowH; diff < -1 || diff > 1 {
		t.Errorf("the table is %.0f px high; want %d rows of %.1f px", l.BodyH, n, l.RowH)
	}
	if l.Last != fmt.Sprintf("%s/page/%d", srv.URL, n) {
		t.Errorf("scrolled to the bottom, the last row drawn is %q", l.Last)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.problems) > 0 {
		t.Errorf("the page logged: %q", p.problems)
	}
}
