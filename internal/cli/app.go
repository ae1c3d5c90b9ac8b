package cli

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/hops-cli/hops/client"
	field "github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/robots"
	"github.com/hops-cli/hops/walk"
)

// Exit statuses (SPEC "Exit status").
const (
	exitOK          = 0
	exitFindings    = 1
	exitUsage       = 2
	exitInterrupted = 130
	exitTerminated  = 143
)

// version is the release version, given to Main by package main (which
// the release build sets with -X main.version=...).
var version = "dev"

// toolVersion is the version, or the module version of a `go install`
// build; the build info is parsed once (it is asked for several times a
// run).
func toolVersion() string {
	if version != "dev" {
		return version
	}
	return moduleVersion()
}

var moduleVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
})

// exitStatus is returned by actions that end with a status other than 0
// without anything to print.
type exitStatus int

func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// streams is the process's outside world, passed in so tests can run the
// whole program in-process.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// silent is curl's -s: no spinner, no progress bar.
	silent bool
	// arm, when set (by Main), starts listening for SIGINT and SIGTERM;
	// it is called once the flags are read, before an action runs. Tests
	// that run hops in-process cancel its context instead.
	arm func()
}

// bodyArgs are the -d family's and -F's values, in typed order.
type bodyArgs struct {
	data []dataArg
	form []formArg
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return (&streams{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}).run(ctx, args)
}

// run runs the command line args and returns the exit status.
func (s *streams) run(ctx context.Context, args []string) int {
	app := newApp(s)
	if words, ok := completionWords(args); ok {
		complete(s.stdout, app, words)
		return exitOK
	}
	err := app.Run(ctx, args)
	var (
		es exitStatus
		ue *usageError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &es):
		return int(es)
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return exitInterrupted
	case errors.As(err, &ue):
		s.errorf("%s%s", oneLine(err.Error()), ue.hint())
		return exitUsage
	default:
		s.errorf("%s", oneLine(err.Error()))
		return exitUsage
	}
}

// errorf prints "hops: message" on stderr, the prefix in bold red when
// stderr is a colour terminal. The escape sequences are written out (the
// bytes fatih/color wrote) rather than linking a colour library for them.
func (s *streams) errorf(format string, args ...any) {
	prefix := "hops:"
	if useColor("auto", isTerminal(s.stderr), s.getenv) {
		prefix = "\x1b[31;1mhops:\x1b[0;22m"
	}
	// Messages may quote what the user typed: a proxy URL's password too.
	fmt.Fprintf(s.stderr, "%s %s\n", prefix, render.Escape(render.MaskText(fmt.Sprintf(format, args...))))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func newApp(s *streams) *App {
	return &App{
		Usage:   "inspect HTTP redirect chains, hop by hop",
		Writer:  s.stdout,
		Flags:   slices.Concat(requestFlags, inspectFlags),
		Action:  func(c *Context) error { return inspectAction(c, s) },
		Version: toolVersion,
		Arm:     s.arm,
		Commands: []*Command{
			checkCommand(s),
			canonCommand(s),
			diffCommand(s),
			demoCommand(s),
			clientsCommand(s),
			explainCommand(s),
			completionCommand(s),
		},
	}
}

// The flags are package data, laid out by the linker rather than built at
// each start (about a hundred small objects: a third of what --version
// spent in Main). Nothing in them calls a function, which would take init
// code, and nothing changes a Flag once declared: what the user typed is
// kept in the Context.

// requestFlags are the request's options, shared by hops, check and canon.
// The body flags' Value is what each of their values makes: -d and its
// kind are joined in typed order, as are -F and --form-string (bodyArgsOf).
// agent's usage lists agentList and timeout's default is
// walk.DefaultTimeout (both tested).
var requestFlags = []*Flag{
	&Flag{kind: stringKind, Name: "request", Aliases: []string{"X"}, Usage: "request `METHOD` (default GET, or POST with a body)", Category: "Request"},
	&Flag{kind: listKind, Name: "data", Aliases: []string{"d"}, Value: &dataArg{at: true, strip: true}, Usage: "request body `TEXT`, @FILE or @- (a file's newlines stripped, as curl); implies POST", Category: "Request"},
	&Flag{kind: listKind, Name: "data-raw", Value: &dataArg{}, Usage: "request body `TEXT`, with no @FILE meaning", Category: "Request"},
	&Flag{kind: listKind, Name: "data-binary", Value: &dataArg{at: true}, Usage: "request body `TEXT`, @FILE or @-, sent byte for byte", Category: "Request"},
	&Flag{kind: listKind, Name: "data-urlencode", Value: &dataArg{urlencode: true}, Usage: "`[NAME]=TEXT` one body part, URL-encoded as curl does ([NAME]@FILE: the text of FILE)", Category: "Request"},
	&Flag{kind: listKind, Name: "form", Aliases: []string{"F"}, Value: &formArg{}, Usage: "`NAME=VALUE` multipart form field (NAME=@FILE: a file, NAME=<FILE: its text; ;type= ;filename=); implies POST", Category: "Request"},
	&Flag{kind: listKind, Name: "form-string", Value: &formArg{literal: true}, Usage: "`NAME=VALUE` multipart form field, the value taken literally", Category: "Request"},
	&Flag{kind: listKind, Name: "header", Aliases: []string{"H"}, Usage: "`'Name: value'` add a request header ('Name:' removes one; @FILE: one a line)", Category: "Request"},
	&Flag{kind: stringKind, Name: "user-agent", Aliases: []string{"A"}, Usage: "User-Agent `TEXT`", Category: "Request"},
	&Flag{kind: stringKind, named: true, Name: "agent", Usage: "User-Agent preset `NAME`: browser, chrome, firefox, safari, iphone, googlebot, googlebot-mobile, bingbot, curl", Category: "Request"},
	&Flag{kind: stringKind, named: true, Name: "as", Usage: "walk as client `NAME` would (hops clients lists them); all: every client side by side", Category: "Request"},
	&Flag{kind: boolKind, Name: "post301", Usage: "with --as curl: keep a POST and its body through a 301, as curl's --post301", Category: "Request"},
	&Flag{kind: boolKind, Name: "post302", Usage: "with --as curl: keep a POST and its body through a 302", Category: "Request"},
	&Flag{kind: boolKind, Name: "post303", Usage: "with --as curl: keep the method and body through a 303", Category: "Request"},
	&Flag{kind: stringKind, Name: "user", Aliases: []string{"u"}, Usage: "`USER:PASS` Basic authorization (masked in output, withheld from other origins)", Category: "Request"},
	&Flag{kind: listKind, Name: "cookie", Aliases: []string{"b"}, Usage: "`NAME=VALUE` send a cookie (or FILE: the cookies of a cookie file)", Category: "Request"},
	&Flag{kind: intKind, Name: "max-redirects", Aliases: []string{"max-redirs"}, Value: walk.DefaultMaxRedirects, Usage: "follow at most `N` redirects (0: stop at the first response)", Category: "Request"},
	&Flag{kind: stringKind, Name: "timeout", Value: "10s", Usage: "per-hop limit on connect, headers and body (`DURATION`: 10s, 500ms, 3)", Category: "Request"},
	&Flag{kind: stringKind, Name: "max-time", Aliases: []string{"m"}, Usage: "limit on the whole chain (`DURATION`)", Category: "Request"},
	&Flag{kind: stringKind, Name: "connect-timeout", Usage: "limit on each connection's setup: connect and TLS (`DURATION`)", Category: "Connection"},
	&Flag{kind: stringKind, Name: "referer", Aliases: []string{"e"}, Usage: "`URL` the page it comes from, sent as Referer as the client would", Category: "Request"},
	&Flag{kind: boolKind, Name: "compressed", Usage: "ask for a compressed response (Accept-Encoding: gzip), as curl", Category: "Request"},
	&Flag{kind: listKind, Name: "resolve", Usage: "connect to ADDR for HOST:PORT, keeping Host and SNI (`HOST:PORT:ADDR`)", Category: "Connection"},
	&Flag{kind: stringKind, named: true, Name: "cacert", Usage: "trust the CA certificates of PEM `FILE` instead of the system's", Category: "Connection"},
	&Flag{kind: boolKind, Name: "insecure", Aliases: []string{"k"}, Usage: "go on despite certificate errors (they are still reported)", Category: "Connection"},
	&Flag{kind: stringKind, Name: "proxy", Aliases: []string{"x"}, Usage: "`URL` the proxy to use (else HTTP_PROXY, HTTPS_PROXY, NO_PROXY)", Category: "Connection"},
	&Flag{kind: boolKind, Name: "ipv4", Aliases: []string{"4"}, Usage: "connect over IPv4 only", Category: "Connection"},
	&Flag{kind: boolKind, Name: "ipv6", Aliases: []string{"6"}, Usage: "connect over IPv6 only", Category: "Connection"},
	&Flag{kind: boolKind, Name: "http1.1", Usage: "use HTTP/1.1 only (HTTP/2 is otherwise negotiated over TLS)", Category: "Connection"},
	&Flag{kind: boolKind, Name: "head", Aliases: []string{"I"}, Usage: "send HEAD requests (same as -X HEAD)", Category: "Request"},
	&Flag{kind: boolKind, Name: "location", Aliases: []string{"L"}, Usage: "accepted for curl habits and ignored: hops always follows", Category: "Request"},
	&Flag{kind: boolKind, Name: "location-trusted", Usage: "send Authorization, Cookie and Proxy-Authorization to other origins too", Category: "Request"},
	&Flag{kind: boolKind, Name: "no-cookies", Usage: "do not keep cookies that servers set across hops", Category: "Request"},
	&Flag{kind: boolKind, Name: "robots", Usage: "read each host's robots.txt once and report hops a crawler may not fetch (implied by --as googlebot)", Category: "Request"},
	&Flag{kind: boolKind, Name: "follow-refresh", Usage: "follow a meta refresh or Refresh header as one more hop", Category: "Request"},
}

// inspectFlags are the options of a single inspection beyond the request's.
var inspectFlags = []*Flag{
	&Flag{kind: boolKind, Name: "verbose", Aliases: []string{"v"}, Usage: "show all response headers of each hop", Category: "Output"},
	&Flag{kind: boolKind, Name: "show-secrets", Usage: "print credentials and URL passwords as they are (local debugging)", Category: "Output"},
	&Flag{kind: boolKind, Name: "body", Usage: "show the final response's body (its first 64 KiB, escaped)", Category: "Output"},
	&Flag{kind: boolKind, Name: "silent", Aliases: []string{"s"}, Usage: "no spinner or progress bar", Category: "Output"},
	showErrorFlag,
	&Flag{kind: boolKind, Name: "include", Aliases: []string{"i"}, Usage: "accepted for curl habits: headers are always shown", Category: "Output"},
	&Flag{kind: boolKind, Name: "json", Usage: "write the chain as JSON (schema_version 1)", Category: "Output"},
	&Flag{kind: boolKind, Name: "brief", Usage: "one line per hop", Category: "Output"},
	&Flag{kind: boolKind, Name: "final", Usage: "print only the final URL", Category: "Output"},
	colorFlag,
	&Flag{kind: stringKind, Name: "fail-on", Value: "error", Usage: "exit 1 when a finding reaches this severity", Category: "Output"},
	&Flag{kind: boolKind, Name: "version", Aliases: []string{"V"}, Usage: "print the version and exit"},
}

// showErrorFlag is curl's -S, taken by every command that takes -s, so
// that -sS works wherever -s does.
var showErrorFlag = &Flag{kind: boolKind, Name: "show-error", Aliases: []string{"S"}, Usage: "accepted for curl habits (-sS): hops always shows errors", Category: "Output"}

// colorFlag is every command's --color. json and fail-on are declared by
// each command, as they mean a little more in some. fail-on's usage ends
// before its values ("reaches this severity"): help shows them as the
// placeholder (choices).
var colorFlag = &Flag{kind: stringKind, Name: "color", Value: "auto", Usage: "colour the output", Category: "Output"}

// defaultHeader is what hops sends unless told otherwise: its own
// User-Agent and curl's Accept.
func defaultHeader() http.Header {
	return http.Header{"User-Agent": {"hops/" + toolVersion()}, "Accept": {"*/*"}}
}

// viewOptions are the render options of a terminal view on stdout, with
// the colour policy applied to mode.
func (s *streams) viewOptions(mode string) render.Options {
	return render.Options{Color: useColor(mode, isTerminal(s.stdout), s.getenv), Width: termWidth(s.stdout, s.getenv)}
}

// options is what a single inspection needs, parsed from the flags.
type options struct {
	body        bool   // --body
	showSecrets bool   // --show-secrets
	as          string // --as NAME, "" without
	req         inspect.Request
	walker      *walk.Walker
	failOn      inspect.Severity
	json        bool
	brief       bool
	final       bool
	verbose     bool
	color       string
}

// parseOptions reads the flags of a single inspection. Every error is a
// usage error.
func parseOptions(c *Context, s *streams, rawURL string) (*options, error) {
	o := &options{body: c.Bool("body"), showSecrets: c.Bool("show-secrets"), as: c.String("as"), json: c.Bool("json"), brief: c.Bool("brief"), final: c.Bool("final"), verbose: c.Bool("verbose"), color: c.String("color")}
	if err := checkColor(o.color); err != nil {
		return nil, err
	}
	n := 0
	for _, b := range []bool{o.json, o.brief, o.final} {
		if b {
			n++
		}
	}
	if n > 1 {
		return nil, usagef("--json, --brief and --final exclude each other")
	}
	if o.body && (o.brief || o.final) {
		return nil, usagef("--body shows the final body in the chain view or in --json, not with --brief or --final")
	}
	var err error
	if o.failOn, err = parseFailOn(c); err != nil {
		return nil, err
	}
	url, err := href.ParseURL(rawURL)
	if err != nil {
		return nil, &usageError{err: err}
	}
	if o.req, o.walker, err = parseRequest(c, s); err != nil {
		return nil, err
	}
	o.req.URL = url
	return o, nil
}

func checkColor(mode string) error {
	switch mode {
	case "auto", "always", "never":
		return nil
	}
	return usagef("--color %q: want auto, always or never", mode)
}

func parseFailOn(c *Context) (inspect.Severity, error) {
	sev, err := inspect.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	return sev, nil
}

// parseRequest reads the request flags shared by inspection and check: the
// request (all but its URL) and the walker that sends it.
func parseRequest(c *Context, s *streams) (inspect.Request, *walk.Walker, error) {
	req := inspect.Request{Header: http.Header{}}
	hs, err := readHeaders(c.StringSlice("header"), s.stdin)
	if err != nil {
		return req, nil, wrapUsage(err)
	}
	req.Header = defaultHeader()
	ua := req.Header.Get("User-Agent")
	if name := c.String("agent"); name != "" {
		preset, ok := agents[strings.ToLower(name)]
		if !ok {
			return req, nil, usagef("--agent %q: want one of %s", name, agentNames())
		}
		ua = preset
		if browserAgents[strings.ToLower(name)] {
			req.Header.Del("Accept")
			// What a browser's navigation sends that servers choose
			// redirects by (Upgrade-Insecure-Requests drives some http to
			// https upgrades).
			req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			req.Header.Set("Accept-Language", "en-US,en;q=0.9")
			req.Header.Set("Upgrade-Insecure-Requests", "1")
		}
	}
	if c.IsSet("user-agent") {
		ua = c.String("user-agent")
	}
	if ua == "" {
		req.Header["User-Agent"] = nil
	} else {
		req.Header.Set("User-Agent", ua)
	}
	for _, h := range hs {
		if !h.Remove {
			req.Header.Del(h.Name)
		}
	}
	applyHeaders(req.Header, hs)
	if u := c.String("user"); c.IsSet("user") && req.Header.Get("Authorization") == "" {
		// curl's -u: Basic, unless a -H Authorization says otherwise.
		if !strings.Contains(u, ":") {
			return req, nil, usagef("-u: want USER:PASS (hops does not prompt for a password)")
		}
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u)))
	}
	if cookies := c.StringSlice("cookie"); len(cookies) > 0 {
		line, err := cookieHeader(cookies, req.Header.Get("Cookie"))
		if err != nil {
			return req, nil, wrapUsage(err)
		}
		req.Header.Set("Cookie", line)
	}
	if ref := strings.TrimSuffix(c.String("referer"), ";auto"); ref != "" && !headerGiven(hs, "Referer") {
		// Each hop sends what the profile makes of it (a browser's policy,
		// or as given); curl's ";auto" (the previous URL on each redirect)
		// is not modelled, and ";auto" alone sends none, as curl's first
		// request does.
		req.Header.Set("Referer", ref)
	}
	if c.Bool("compressed") && !headerGiven(hs, "Accept-Encoding") {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	s.silent = c.Bool("silent")
	userUA := c.IsSet("user-agent") || c.IsSet("agent") || headerGiven(hs, "User-Agent")
	userAccept := browserAgents[strings.ToLower(c.String("agent"))] || headerGiven(hs, "Accept")

	parts := bodyArgsOf(c)
	if len(parts.data) > 0 && len(parts.form) > 0 {
		// As curl: one body, either a form or data.
		return req, nil, usagef("-F and -d each make the request body; use one of them")
	}
	body, err := readBody(parts.data, s.stdin)
	if err != nil {
		return req, nil, wrapUsage(err)
	}
	contentType := "application/x-www-form-urlencoded"
	if len(parts.form) > 0 {
		var boundary string
		if body, boundary, err = buildForm(parts.form, s.stdin); err != nil {
			return req, nil, wrapUsage(err)
		}
		contentType = "multipart/form-data; boundary=" + boundary
		// A multipart type typed with -H gets the boundary it cannot know.
		if ct := req.Header.Get("Content-Type"); strings.HasPrefix(strings.ToLower(ct), "multipart/") && !strings.Contains(strings.ToLower(ct), "boundary=") {
			req.Header.Set("Content-Type", ct+"; boundary="+boundary)
		}
	}
	req.Body = body
	method := walk.NormalizeMethod(strings.TrimSpace(c.String("request")))
	if strings.Contains(method, "://") || strings.HasPrefix(method, "-") {
		return req, nil, usagef("-X needs a method (GET, POST, PUT…) before %q", method)
	}
	switch {
	case method != "":
		if !field.IsToken(method) {
			return req, nil, usagef("-X %q: not a valid method", method)
		}
	case c.Bool("head"):
		method = http.MethodHead
	case body != nil:
		method = http.MethodPost
	default:
		method = http.MethodGet
	}
	if c.Bool("head") && method != http.MethodHead {
		return req, nil, usagef("-I sends HEAD; it cannot be combined with -X %s", method)
	}
	if c.Bool("head") && body != nil {
		// As curl: HEAD has no body to send.
		return req, nil, usagef("-I sends HEAD, which carries no body; drop -I or the -d/--data value")
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		if _, removed := req.Header["Content-Type"]; !removed {
			req.Header.Set("Content-Type", contentType)
			req.ContentTypeImplied = true
		}
	}
	req.Method = method
	req.MethodForced = c.IsSet("request")

	w := walk.NewWalker()
	w.Cookies = !c.Bool("no-cookies")
	w.LocationTrusted = c.Bool("location-trusted")
	w.FollowRefresh = c.Bool("follow-refresh")
	w.MaxRedirects = c.Int("max-redirects")
	if w.MaxRedirects < 0 {
		return req, nil, usagef("--max-redirects %d: want 0 or more", w.MaxRedirects)
	}
	if w.Timeout, err = parseDuration("--timeout", c.String("timeout")); err != nil {
		return req, nil, err
	}
	if c.IsSet("max-time") {
		if w.MaxTime, err = parseDuration("--max-time", c.String("max-time")); err != nil {
			return req, nil, err
		}
	}
	// Only a --connect-timeout given is one: a connection that runs out
	// of --timeout is that limit's (and says so).
	var connect time.Duration
	if c.IsSet("connect-timeout") {
		if connect, err = parseDuration("--connect-timeout", c.String("connect-timeout")); err != nil {
			return req, nil, err
		}
	}
	cfg := walk.Config{
		ConnectTimeout: connect,
		CACert:         c.String("cacert"),
		Insecure:       c.Bool("insecure"),
		Proxy:          c.String("proxy"),
		IPv4:           c.Bool("ipv4"),
		IPv6:           c.Bool("ipv6"),
		HTTP11:         c.Bool("http1.1"),
		Timeout:        w.Timeout,
	}
	if cfg.IPv4 && cfg.IPv6 {
		return req, nil, usagef("-4 and -6 exclude each other")
	}
	for _, r := range c.StringSlice("resolve") {
		rr, err := walk.ParseResolve(r)
		if err != nil {
			return req, nil, &usageError{err: err}
		}
		cfg.Resolve = append(cfg.Resolve, rr)
	}
	w.Config = cfg
	if name := c.String("as"); name != "" && !strings.EqualFold(name, "all") {
		p, ok := client.Lookup(name)
		if !ok {
			return req, nil, usagef("--as %q: want one of %s, or all", name, strings.Join(client.Names(), ", "))
		}
		if p == client.Curl {
			p = client.CurlPost(c.Bool("post301"), c.Bool("post302"), c.Bool("post303"))
		}
		req = asClient(req, w, p, userUA, userAccept, c.IsSet("max-redirects"))
	}
	// Build the transport now so a bad --cacert or --proxy is a usage error
	// before any request is sent.
	t, err := walk.NewTransport(w.Config)
	if err != nil {
		// A --cacert file that cannot be read is no question of usage.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return req, nil, fileErrorf("--cacert: %w", unwrapPathError(err))
		}
		return req, nil, &usageError{err: err}
	}
	w.Transport = t
	if c.Bool("robots") || w.Profile == client.Googlebot {
		// One cache for the run: a check asks each origin once, whatever
		// the number of rows.
		w.Robots = &robots.Cache{Client: &http.Client{Transport: t, Timeout: w.Timeout}, UserAgent: req.Header.Get("User-Agent")}
		if w.Profile == client.Googlebot {
			w.RobotsToken = "googlebot"
		}
	}
	for _, f := range []string{"post301", "post302", "post303"} {
		if c.Bool(f) && !strings.EqualFold(c.String("as"), "curl") {
			return req, nil, usagef("--%s is curl's: use it with --as curl", f)
		}
	}
	return req, w, nil
}

// getOnlyNote is what a run with a GET-only profile (googlebot) says when
// asked for another method or a body: said, not refused, once the command
// line has passed every check; "" when there is nothing to say.
func getOnlyNote(w *walk.Walker, req inspect.Request) string {
	p := w.Profile
	if p == nil || !p.GETOnly || (req.Method == "" || strings.EqualFold(req.Method, http.MethodGet)) && req.Body == nil {
		return ""
	}
	what := "GET instead of " + strings.ToUpper(req.Method)
	if req.Method == "" || strings.EqualFold(req.Method, http.MethodGet) {
		what = "GET"
	}
	if req.Body != nil {
		what += ", without the body"
	}
	return fmt.Sprintf("--as %s fetches with GET only: it sends %s", p.Name, what)
}

// asClient makes req and w walk as client p: its rules, its limit unless
// --max-redirects was given, and its default User-Agent and Accept unless
// the user set them. The browser profile keeps hops's own headers.
func asClient(req inspect.Request, w *walk.Walker, p *client.Profile, userUA, userAccept, userLimit bool) inspect.Request {
	w.Profile = p
	if !userLimit {
		w.MaxRedirects = p.MaxRedirects
	}
	if p.HTTP1Only {
		w.Config.HTTP11 = true // the Transport is built from w.Config after
	}
	if p == client.Browser {
		return req
	}
	req.Header = req.Header.Clone()
	if !userUA && p.UserAgent != "" {
		req.Header.Set("User-Agent", p.UserAgent)
	}
	if !userAccept {
		if p.Accept != "" {
			req.Header.Set("Accept", p.Accept)
		} else {
			req.Header.Del("Accept")
		}
	}
	return req
}

// headerGiven reports whether the user's -H values set name.
func headerGiven(hs []header, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

func wrapUsage(err error) error {
	var ue *usageError
	if errors.As(err, &ue) {
		return err
	}
	return &usageError{err: err}
}

func inspectAction(c *Context, s *streams) error {
	switch c.NArg() {
	case 0:
		if m := c.String("request"); strings.Contains(m, "://") {
			return usagef("-X needs a method (GET, POST, PUT…) before the URL %q", m)
		}
		return usagef("no URL given: hops [options] URL")
	case 1:
	default:
		return usagef("one URL at a time (got %d); use 'hops check' for many", c.NArg())
	}
	if err := checkTarget(c.Args().First(), c.App.Commands); err != nil {
		return err
	}
	if strings.EqualFold(c.String("as"), "all") {
		return allClientsAction(c, s, c.Args().First())
	}
	o, err := parseOptions(c, s, c.Args().First())
	if err != nil {
		return err
	}
	if note := getOnlyNote(o.walker, o.req); note != "" {
		s.errorf("%s", note)
	}
	// The idle connections are left to the end of the process, which
	// follows at once: closing them one by one is a fiftieth of a run.
	spin := newSpinner(s, !o.json && !o.final && !s.silent && isTerminal(s.stderr))
	o.walker.OnRequest = spin.request
	o.walker.KeepBody = o.body
	chain, werr := o.walker.Inspect(c.Context, o.req)
	spin.stop()
	if chain == nil {
		return werr
	}
	if err := s.print(chain, o); err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	if inspect.Worst(chain.Findings) >= o.failOn {
		return exitStatus(exitFindings)
	}
	return nil
}

// print writes the chain in the chosen form.
func (s *streams) print(chain *inspect.Chain, o *options) error {
	switch {
	case o.json:
		meta := render.Meta{Version: toolVersion(), Body: o.body, ShowSecrets: o.showSecrets}
		if o.as != "" {
			meta.Client = chain.Profile.Name
		}
		return render.JSON(s.stdout, chain, meta)
	case o.final:
		if !chain.Final() {
			// The URL the chain got to goes to stdout as ever; why it
			// stopped there, to stderr in one line.
			s.errorf("%s", oneLine(chain.StopMessage()))
		}
		return render.Final(s.stdout, chain, o.showSecrets)
	}
	ropts := s.viewOptions(o.color)
	if !isTerminal(s.stdout) && s.getenv("COLUMNS") == "" {
		// As check's and canon's: a file or a pipe gets each line whole,
		// so that a URL stays one string to grep; COLUMNS still sets a width.
		ropts.Width = render.NoWrap
	}
	ropts.Verbose, ropts.Body, ropts.ShowSecrets = o.verbose, o.body, o.showSecrets
	if o.brief {
		return render.Brief(s.stdout, chain, ropts)
	}
	return render.Terminal(s.stdout, chain, ropts)
}

// useColor is the one colour policy, applied to each stream on its own:
// --color always or never wins; auto means a terminal, NO_COLOR unset or
// empty, and TERM not dumb, unless CLICOLOR_FORCE or FORCE_COLOR ask for
// colour anyway.
func useColor(mode string, tty bool, getenv func(string) string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if getenv("NO_COLOR") != "" {
		return false
	}
	if forced(getenv("CLICOLOR_FORCE")) || forced(getenv("FORCE_COLOR")) {
		return true
	}
	if getenv("TERM") == "dumb" {
		return false
	}
	return tty
}

func forced(v string) bool { return v != "" && v != "0" && !strings.EqualFold(v, "false") }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// termWidth is COLUMNS, then the terminal's width, then 80.
func termWidth(w io.Writer, getenv func(string) string) int {
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if f, ok := w.(*os.File); ok {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			return n
		}
	}
	return 80
}

// checkTarget refuses what is not meant as a URL before any name is looked
// up: a path, or a bare word (a mistyped command, say). A host with a dot,
// an IP address or localhost without a scheme is taken as http://, as
// curl does.
func checkTarget(arg string, commands []*Command) error {
	t := strings.TrimSpace(arg)
	if strings.Contains(t, "://") || t == "" {
		return nil
	}
	if strings.HasPrefix(t, "/") {
		return usagef("%q is a path, not a URL: give the whole URL (http://HOST%s)", t, t)
	}
	if schemelessURL(t) {
		return nil
	}
	if i := strings.IndexByte(t, ':'); i > 0 && !strings.ContainsAny(t[:i], "/.") {
		return nil // a scheme of its own (mailto:…): the URL parser says why it is refused
	}
	for _, c := range commands {
		if t == c.Name {
			// Only after "--" does a command's name reach here.
			return usagef("%q after -- is taken as a URL, not as the command hops %s", t, t)
		}
	}
	if strings.EqualFold(t, "version") {
		return usagef("unknown command %q: did you mean 'hops --version'?", t)
	}
	best, dist := "", 3
	names := []string{helpCommand}
	for _, c := range commands {
		names = append(names, c.Names()...)
	}
	for _, n := range names {
		if d := editDistance(strings.ToLower(t), n); d < dist {
			best, dist = n, d
		}
	}
	if best != "" {
		return usagef("unknown command %q: did you mean 'hops %s'?", t, best)
	}
	return usagef("%q is not a URL: want http(s)://HOST/PATH, or a host name with a dot", t)
}

// schemelessURL reports whether t, without a scheme, starts with what
// can only be a host: localhost, an IP address or a name with a dot.
func schemelessURL(t string) bool {
	host := t
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return strings.EqualFold(host, "localhost") || net.ParseIP(host) != nil || strings.Contains(host, ".")
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
