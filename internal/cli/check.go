package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	neturl "net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hops-cli/hops/bulk"
	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/internal/gcpace"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/walk"
)

func checkCommand(s *streams) *Command {
	return &Command{
		Name:  "check",
		Usage: "check many URLs, a migration map (source,target[,status]) or a sitemap, concurrently",
		Description: "The input (a file, an http(s) URL, or - for standard input) holds one URL a line,\n" +
			"a CSV/TSV migration map of source,target[,status] (a header row names the columns;\n" +
			"# lines are comments), or an XML sitemap (<urlset>, or a <sitemapindex> whose\n" +
			"sitemaps are fetched in turn; gzip too). A row is ok when it lands with a 2xx at\n" +
			"its target, with the expected first status, and no finding reaches --fail-on;\n" +
			"error when the chain has no final response or the row is malformed; mismatch\n" +
			"otherwise. A URL listed in a sitemap is ok only when it answers 2xx itself:\n" +
			"a redirect is sitemap-redirect.",
		newFlags: func() []*Flag { return slices.Concat(requestFlags, checkFlags) },
		Action:   func(c *Context) error { return checkAction(c, s) },
	}
}

// checkFlags are check's options beyond the request's.
var checkFlags = []*Flag{
	&Flag{kind: boolKind, Name: "lint", Usage: "only lint the map, fetching nothing: duplicate sources, conflicting targets, chains and cycles built into it (exit 1 when it names any)", Category: "Check"},
	&Flag{kind: stringKind, named: true, Name: "base", Usage: "`URL` the base that rows whose source is a path (/old/1) are resolved against", Category: "Check"},
	&Flag{kind: intKind, Name: "concurrency", Aliases: []string{"c"}, Value: 16, Usage: "rows checked at once (`N`)", Category: "Check"},
	&Flag{kind: intKind, Name: "per-host", Value: 4, Usage: "requests in flight to one host at most (`N`)", Category: "Check"},
	&Flag{kind: stringKind, Name: "rate", Usage: "requests per second to one host at most (`N`, e.g. 10 or 0.5)", Category: "Check"},
	&Flag{kind: boolKind, Name: "json", Usage: "write JSON Lines: one object per row, then a summary line", Category: "Output"},
	&Flag{kind: boolKind, Name: "csv", Usage: "write a flat CSV report, one line per row", Category: "Output"},
	&Flag{kind: stringKind, named: true, Name: "junit", Usage: "also write a JUnit XML report to `FILE`", Category: "Output"},
	&Flag{kind: stringKind, named: true, Name: "html", Usage: "also write a self-contained HTML report to `FILE` (summary, charts, every row searchable)", Category: "Output"},
	&Flag{kind: stringKind, named: true, Name: "baseline", Usage: "`FILE` an earlier run's --json to compare each row with (as hops diff); a regression fails the run", Category: "Check"},
	&Flag{kind: boolKind, Name: "silent", Aliases: []string{"s"}, Usage: "no progress bar, and no summary on a terminal's stderr beside --json or --csv", Category: "Output"},
	showErrorFlag,
	colorFlag,
	&Flag{kind: stringKind, Name: "fail-on", Value: "error", Usage: "a finding at this severity or above makes a row a mismatch", Category: "Output"},
}

type checkOptions struct {
	// getOnlyNote is said as the run starts (getOnlyNote).
	getOnlyNote string
	base        string
	json, csv   bool
	junit       string
	color       string
	runner      *bulk.Runner
	// fetch gets an input given as a URL and the child sitemaps of an
	// index, through the run's transport (--resolve, --cacert, --proxy).
	fetch check.FetchFunc
}

func parseCheckOptions(c *Context, s *streams) (*checkOptions, error) {
	o := &checkOptions{json: c.Bool("json"), csv: c.Bool("csv"), junit: c.String("junit"), color: c.String("color")}
	if err := checkColor(o.color); err != nil {
		return nil, err
	}
	if b := c.String("base"); b != "" {
		if t := strings.TrimSpace(b); !strings.Contains(t, "://") && !schemelessURL(t) {
			// Not looked up as a host: a word here is a mistake.
			return nil, usagef("--base %q is not a URL: want http(s)://HOST, or a host name with a dot", b)
		}
		u, err := href.ParseURL(b)
		if err != nil {
			return nil, usagef("--base: %w", err)
		}
		o.base = u
	}
	if strings.EqualFold(c.String("as"), "all") {
		return nil, usagef("--as all compares the clients on one URL (hops --as all URL); check walks each row as one client")
	}
	if o.json && o.csv {
		return nil, usagef("--json and --csv exclude each other")
	}
	failOn, err := parseFailOn(c)
	if err != nil {
		return nil, err
	}
	req, w, err := parseRequest(c, s)
	if err != nil {
		return nil, err
	}
	conc, perHost := c.Int("concurrency"), c.Int("per-host")
	if conc < 1 || conc > 10000 {
		return nil, usagef("--concurrency %d: want 1 to 10000", conc)
	}
	if perHost < 1 {
		return nil, usagef("--per-host %d: want 1 or more", perHost)
	}
	var rate float64
	if c.IsSet("rate") {
		rate, err = strconv.ParseFloat(c.String("rate"), 64)
		if err != nil || rate <= 0 || math.IsInf(rate, 0) || math.IsNaN(rate) {
			return nil, usagef("--rate %q: want a positive number of requests per second", c.String("rate"))
		}
	}
	if t, ok := w.Transport.(*walk.Transport); ok {
		// Rows share the transport: keep as many idle connections per
		// host as may be in flight to it.
		t.MaxIdleConnsPerHost = perHost
		t.MaxIdleConns = 0 // no overall cap: hosts × --per-host bounds it
	}
	o.fetch = inputFetcher(w, req.Header.Get("User-Agent"))
	o.getOnlyNote = getOnlyNote(w, req)
	o.runner = &bulk.Runner{
		Walker:      w,
		Concurrency: conc,
		PerHost:     perHost,
		Rate:        rate,
		FailOn:      failOn,
		Request: func(url string) inspect.Request {
			// The rows share the header: a walk sends its own copy and
			// nothing changes the request it reports.
			r := req
			r.URL = url
			return r
		},
	}
	return o, nil
}

// checkHeapRoom is the room a check's heap gets above its live part between
// collections (gcpace.Headroom): 10,000 rows collect 21 times instead of
// 37, and peak RSS grows ~2.6 MiB (README: Performance).
const checkHeapRoom = 8 << 20

func checkAction(c *Context, s *streams) error {
	if c.NArg() != 1 {
		return usagef("check takes one input: a FILE, an http(s) URL, or - for standard input")
	}
	o, err := parseCheckOptions(c, s)
	if err != nil {
		return err
	}
	if c.Bool("lint") && (o.csv || o.junit != "") {
		return usagef("--lint writes text or --json, not --csv or --junit")
	}
	if t, ok := o.runner.Walker.Transport.(*walk.Transport); ok {
		defer t.CloseIdleConnections()
	}
	name := c.Args().First()
	if c.Bool("lint") && c.String("html") != "" {
		return usagef("--lint writes text or --json, not --html")
	}
	if c.String("baseline") == "-" {
		return usagef("--baseline takes the file of an earlier hops check --json run, not standard input")
	}
	input := name
	if l := strings.ToLower(name); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		input = ""
	}
	if err := sameFiles([][2]string{{"the map", input}, {"--baseline", c.String("baseline")}, {"--junit", o.junit}, {"--html", c.String("html")}}, 2, stdinMap(name, s.stdin)); err != nil {
		return err
	}
	// Report files are opened before the first request and emptied only
	// when their report first writes: see reportFile.
	var junitFile *reportFile
	if o.junit != "" {
		if junitFile, err = createReport("junit", o.junit); err != nil {
			return err
		}
		defer junitFile.discard()
	}
	var htmlFile *reportFile
	if dest := c.String("html"); dest != "" {
		if htmlFile, err = createReport("html", dest); err != nil {
			return err
		}
		defer htmlFile.discard()
	}
	// Rows are counted for the bar only when there is one: counting reads
	// and parses the file once more (about 1.5 s per 100,000 rows).
	in, total, closeIn, err := openInput(name, s.stdin, !c.Bool("lint") && showProgress(s), o.fetch)
	if err != nil {
		return err
	}
	defer closeIn()
	if c.Bool("lint") {
		return lintAction(s, o, name, in)
	}

	// The run allocates ~10 KB a row and keeps a few MB: room above the
	// live heap nearly halves its collections for a few MB more (gcpace).
	defer gcpace.Headroom(checkHeapRoom)()
	if o.getOnlyNote != "" {
		s.errorf("%s", o.getOnlyNote)
	}
	bar := newProgress(s, total)
	var out io.Writer = s.stdout
	var report render.Reports
	view := s.viewOptions(o.color)
	if !isTerminal(s.stdout) {
		// A file or a pipe gets each line whole: a URL cut in two is no
		// longer a URL to grep or to click.
		view.Width = render.NoWrap
	}
	switch {
	case o.json, o.csv:
		// JSON Lines and CSV go out in blocks, flushed at least five times
		// a second.
		stream := render.NewStream(s.stdout, 200*time.Millisecond)
		defer stream.Close()
		out = stream
		if o.json {
			report = append(report, render.NewJSONLReport(out, render.Meta{Version: toolVersion(), Client: o.runner.Walker.ProfileName()}))
		} else {
			csvReport, err := render.NewCSVReport(out)
			if err != nil {
				return fmt.Errorf("write report: %w", err)
			}
			csvReport.Baseline = c.String("baseline") != ""
			report = append(report, csvReport)
		}
	default:
		report = append(report, render.NewTerminalReport(out, view, bar.clear))
	}
	if junitFile != nil {
		report = append(report, render.NewJUnitReport(junitFile))
	}
	if htmlFile != nil {
		report = append(report, render.NewHTMLReport(htmlFile, render.HTMLMeta{Version: toolVersion(), Client: o.runner.Walker.ProfileName(), Input: c.Args().First()}))
	}

	var base *baseline
	if path := c.String("baseline"); path != "" {
		if base, err = openBaseline(path, render.Meta{Version: toolVersion(), Client: o.runner.Walker.ProfileName()}); err != nil {
			return err
		}
	}
	var writeErr error
	rows := check.NewReader(in)
	rows.Base = o.base
	rows.Fetch = o.fetch
	rows.Lint = check.NewLinter()
	stats := check.NewStats(o.runner.FailOn)
	sum, runErr := o.runner.Run(c.Context, rows, func(res check.Result) {
		if base != nil {
			base.judge(&res)
		}
		stats.Add(res)
		if err := report.Row(res); err != nil && writeErr == nil {
			writeErr = err
		}
		bar.add()
	})
	bar.finish()
	if runErr != nil {
		return inputError(name, runErr)
	}
	if sum.Rows == 0 && !sum.Interrupted {
		return usagef("check %s: no rows (want one URL a line, or a map of source,target[,status])", name)
	}
	sum.Lint = rows.Lint.Issues()
	sum.Stats = stats
	if base != nil {
		var err error
		if sum.Baseline, err = base.finish(sum.Interrupted); err != nil {
			return err
		}
	}
	err = report.End(sum)
	if stream, ok := out.(*render.Stream); ok {
		err = errors.Join(writeErr, err, stream.Close())
	} else {
		err = errors.Join(writeErr, err)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", firstError(err))
	}
	if (o.json || o.csv) && isTerminal(s.stderr) && !s.silent {
		// The report is for a program; the person who ran it sees the
		// summary on the terminal as well.
		opts := render.Options{Color: useColor(o.color, true, s.getenv), Width: termWidth(s.stderr, s.getenv)}
		if err := render.CheckSummary(s.stderr, sum, opts); err != nil {
			return fmt.Errorf("write summary: %w", err)
		}
	}
	switch {
	case sum.Interrupted:
		return exitStatus(exitInterrupted)
	case sum.Rows != sum.OK, sum.Baseline != nil && sum.Baseline.Regression > 0:
		return exitStatus(exitFindings)
	}
	return nil
}

// stdinMap is what standard input is when the map is read from it (name
// "-") and it is a file, else nil.
func stdinMap(name string, stdin io.Reader) fs.FileInfo {
	f, ok := stdin.(*os.File)
	if name != "-" || !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return st
}

// inputError is the usage error for an input that cannot be read as rows.
func inputError(name string, err error) error {
	if errors.Is(err, check.ErrJSONRun) {
		return usagef("check %s: this is JSON, as hops --json and hops check --json write, not a map; compare two runs with hops diff OLD NEW, or a map's run with an earlier one with check --baseline OLD MAP", name)
	}
	if errors.Is(err, check.ErrNotText) {
		return usagef("check %s: the input is not text: it holds NUL bytes (binary data, or UTF-16 without a byte order mark); save it as UTF-8 text, one URL a line or CSV/TSV source,target[,status]", name)
	}
	// A file that fails while it is read is no question of usage either.
	var pe *fs.PathError
	return &usageError{err: fmt.Errorf("check %s: %w", name, err), noHint: errors.As(err, &pe)}
}

// lintAction reads the whole map and reports what it says about itself,
// fetching nothing: exit 1 when it names an issue, as check does for a row
// that is not ok.
func lintAction(s *streams, o *checkOptions, name string, in io.Reader) error {
	rows := check.NewReader(in)
	rows.Base = o.base
	rows.Lint = check.NewLinter()
	n, malformed := 0, 0
	for {
		row, ok, err := rows.Next()
		if err != nil {
			return inputError(name, err)
		}
		if !ok {
			break
		}
		n++
		if row.Err != nil {
			malformed++
			fmt.Fprintf(s.stderr, "hops: %s row %d: %s\n", name, row.N, render.Escape(row.Err.Error()))
		}
	}
	if n == 0 {
		return usagef("check %s: no rows (want one URL a line, or a map of source,target[,status])", name)
	}
	issues := rows.Lint.Issues()
	var err error
	if o.json {
		err = render.LintJSON(s.stdout, n, malformed, issues)
	} else {
		err = render.LintText(s.stdout, n, issues, s.viewOptions(o.color))
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if len(issues) > 0 || malformed > 0 {
		return exitStatus(exitFindings)
	}
	return nil
}

// firstError is the first of a joined error, so a failed write is told
// once.
func firstError(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if errs := j.Unwrap(); len(errs) > 0 {
			return errs[0]
		}
	}
	return err
}

// openInput opens FILE or stdin ("-"); for a regular file and count it
// also counts the rows to come (not the header, empty lines or comments),
// for the progress bar; -1 when unknown.
func openInput(name string, stdin io.Reader, count bool, fetch check.FetchFunc) (io.Reader, int, func(), error) {
	if l := strings.ToLower(name); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		body, err := fetch(name)
		if err != nil {
			return nil, 0, nil, fileErrorf("check %s: %w", name, err)
		}
		return body, -1, func() { body.Close() }, nil
	}
	if name == "-" {
		if stdin == nil {
			return nil, 0, nil, usagef("check -: no standard input")
		}
		return stdin, -1, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		if i := strings.Index(name, "://"); i > 0 && errors.Is(err, fs.ErrNotExist) {
			// Not a file but a URL of a scheme hops does not fetch.
			return nil, 0, nil, usagef("check %q: a map file, - for standard input, or an http(s) URL of a sitemap or map; %s:// is not one hops fetches", name, name[:i])
		}
		return nil, 0, nil, fileErrorf("check: %w", unwrapPathError(err))
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, 0, nil, fileErrorf("check %q: not a readable file", name)
	}
	total := -1
	if count && st.Mode().IsRegular() {
		total = countRows(f)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, 0, nil, usagef("check %q: %w", name, err)
		}
	}
	return f, total, func() { f.Close() }, nil
}

func countRows(r io.Reader) int {
	// The reader that the run uses, so that a header row, a comment and a
	// line too long for a scanner count as the run counts them.
	rows := check.NewReader(r)
	n := 0
	for {
		_, ok, err := rows.Next()
		switch {
		case err != nil || rows.IsSitemap():
			return -1 // the run reports it; an index's rows are not known
		case !ok:
			return n
		}
		n++
	}
}

// inputFetcher gets a check's input from a URL, and the child sitemaps of
// a sitemap index: a GET through the walker's transport, redirects
// followed (up to 10), anything but a 2xx an error.
func inputFetcher(w *walk.Walker, userAgent string) check.FetchFunc {
	client := &http.Client{Transport: w.Transport, Timeout: w.Timeout}
	return func(url string) (io.ReadCloser, error) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		if userAgent != "" {
			req.Header.Set("User-Agent", userAgent)
		}
		resp, err := client.Do(req)
		if err != nil {
			var ue *neturl.Error
			switch {
			case errors.As(err, &ue) && ue.Timeout():
				// net/http's wording names its own fields (Client.Timeout).
				err = fmt.Errorf("no complete response within --timeout %s", client.Timeout)
			case ue != nil:
				err = ue.Err
			}
			return nil, err
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			resp.Body.Close()
			return nil, fmt.Errorf("answered %s", resp.Status)
		}
		return resp.Body, nil
	}
}
