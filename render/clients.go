package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// Clients writes `hops --as all`: one row per client (redirects, final
// URL, method, body, credentials, outcome), the cells that differ from the
// browser's marked with * and highlighted, then the divergences in words
// and the findings of the comparison.
func Clients(w io.Writer, req inspect.Request, runs []analyze.Run, divs []analyze.Divergence, findings []inspect.Finding, opts Options) error {
	t := newTheme(w, opts.Color)
	bw := bufio.NewWriter(w)
	head := fmt.Sprintf("%s %s, as %d clients would walk it", req.Method, Escape(opts.mask(req.URL)), len(runs))
	for _, l := range wrapHard(head, opts.width(), opts.width()) {
		fmt.Fprintln(bw, t.bold.Render(l))
	}
	facts := make([]map[string]string, len(runs))
	base := -1
	for i, r := range runs {
		chain := r.Chain
		if !opts.ShowSecrets {
			chain = redact(chain)
		}
		facts[i] = analyze.Facts(analyze.Run{Client: r.Client, Chain: chain})
		if r.Client.Name == client.Browser.Name {
			base = i
		}
	}
	short := map[string]string{"final URL": "lands at", "final method": "method", "redirects": "redirs"}
	headers := []string{"client"}
	for _, a := range analyze.Aspects {
		if h, ok := short[a]; ok {
			a = h
		}
		headers = append(headers, a)
	}
	compact, gap := false, 2
	build := func(urlLabel func(string) string) *table.Table {
		rows := make([][]string, len(runs))
		differs := make([][]bool, len(runs))
		for i, r := range runs {
			rows[i] = []string{r.Client.Name}
			differs[i] = make([]bool, len(headers))
			for j, a := range analyze.Aspects {
				v := facts[i][a]
				if a == "final URL" {
					v = urlLabel(v)
				}
				v = Escape(v)
				if base >= 0 && i != base && facts[i][a] != facts[base][a] {
					differs[i][j+1] = true
					v = "*" + v
				}
				rows[i] = append(rows[i], v)
			}
		}
		return newTable().Border(lipgloss.NormalBorder()).BorderStyle(t.dim).Headers(headers...).Rows(rows...).
			StyleFunc(func(row, col int) lipgloss.Style {
				st := t.renderer.NewStyle().Padding(0, 1)
				if compact {
					st = t.renderer.NewStyle().PaddingRight(gap)
				}
				switch {
				case row == table.HeaderRow:
					return st.Inherit(t.bold)
				case row >= 0 && row < len(differs) && differs[row][col]:
					return st.Inherit(t.changed)
				}
				return st
			})
	}
	tbl := build(func(u string) string { return u })
	var legend []string
	if lipgloss.Width(tbl.String()) > opts.width() {
		// Too wide: the final URLs get short names, spelled out below.
		names := map[string]string{}
		for i := range runs {
			u := facts[i]["final URL"]
			if _, ok := names[u]; !ok && u != "" {
				names[u] = fmt.Sprintf("URL %d", len(names)+1)
				legend = append(legend, names[u]+" = "+u)
			}
		}
		tbl = build(func(u string) string { return names[u] })
		if lipgloss.Width(tbl.String()) > opts.width() {
			// Still too wide: no column borders, cells two spaces apart.
			tbl = tbl.BorderLeft(false).BorderRight(false).BorderColumn(false).BorderTop(false).BorderBottom(false)
			compact = true
			if lipgloss.Width(tbl.String()) > opts.width() {
				gap = 1
			}
		}
	}
	for _, l := range strings.Split(tbl.String(), "\n") {
		fmt.Fprintln(bw, strings.TrimRight(l, " "))
	}
	for _, l := range legend {
		for _, w := range wrapHard(Escape(l), opts.width(), opts.width()-4) {
			fmt.Fprintln(bw, t.dim.Render(w))
		}
	}
	if base >= 0 {
		fmt.Fprintln(bw, t.dim.Render("* differs from browser"))
	}
	fmt.Fprintln(bw)
	errs := clientErrors(runs)
	switch {
	case len(divs) == 0 && len(errs) == 0:
		fmt.Fprintln(bw, t.ok.Render("✓ every client walks this chain alike"))
	case len(divs) == 0:
		fmt.Fprintln(bw, t.errorS.Render("✗ every client walks this chain alike, into an error:"))
	}
	v := &view{w: bw, t: t, width: opts.width(), opts: opts}
	for _, f := range findings {
		v.finding(inspect.Finding{Code: f.Code, Severity: f.Severity, Message: opts.mask(f.Message)})
	}
	// The errors of the clients' own chains: what makes the exit status 1
	// when no client differs from another.
	for _, e := range errs {
		who := "every client"
		if len(e.clients) < len(runs) {
			who = strings.Join(e.clients, ", ")
		}
		v.finding(inspect.Finding{Code: e.Code, Severity: e.Severity, Message: opts.mask(fmt.Sprintf("(%s) %s", who, e.Message))})
	}
	return bw.Flush()
}

// clientError is an error finding and the clients whose chains raised it.
type clientError struct {
	inspect.Finding
	clients []string
}

// clientErrors gathers the error findings of every client's chain, each
// code and message once with the clients that got it, in client order.
func clientErrors(runs []analyze.Run) []clientError {
	var out []clientError
	for _, r := range runs {
		for _, f := range r.Chain.Findings {
			if f.Severity < inspect.SeverityError {
				continue
			}
			i := slices.IndexFunc(out, func(e clientError) bool { return e.Code == f.Code && e.Message == f.Message })
			if i < 0 {
				out = append(out, clientError{Finding: f})
				i = len(out) - 1
			}
			out[i].clients = append(out[i].clients, r.Client.Name)
		}
	}
	return out
}

// ClientsDoc is the JSON of `hops --as all --json`.
type ClientsDoc struct {
	SchemaVersion int             `json:"schema_version"`
	Tool          DocTool         `json:"tool"`
	Request       DocRequest      `json:"request"`
	Clients       []ClientDoc     `json:"clients"`
	Divergences   []DivergenceDoc `json:"divergences"`
	Findings      []DocFinding    `json:"findings"`
	Error         *DocError       `json:"error"`
}

// ClientDoc is one client's walk: its name, what it models, and the chain
// fields of a single inspection.
type ClientDoc struct {
	Client   string       `json:"client"`
	Models   string       `json:"models"`
	Hops     []DocHop     `json:"hops"`
	Final    DocFinal     `json:"final"`
	Findings []DocFinding `json:"findings"`
	Error    *DocError    `json:"error"`
}

// DivergenceDoc is one aspect the clients disagree on.
type DivergenceDoc struct {
	Aspect string            `json:"aspect"`
	Values map[string]string `json:"values"`
}

// ClientsJSON writes `hops --as all --json`; interrupted says the run was
// cut short (a client may have ended otherwise, its body unread).
func ClientsJSON(w io.Writer, req inspect.Request, runs []analyze.Run, divs []analyze.Divergence, findings []inspect.Finding, interrupted bool, meta Meta) error {
	d := ClientsDoc{SchemaVersion: SchemaVersion, Tool: DocTool{Name: "hops", Version: meta.Version},
		Clients: []ClientDoc{}, Divergences: []DivergenceDoc{}, Findings: []DocFinding{}}
	for i, r := range runs {
		doc := NewDoc(r.Chain, meta)
		if i == 0 {
			d.Request = doc.Request
		}
		d.Clients = append(d.Clients, ClientDoc{Client: r.Client.Name, Models: r.Client.Models,
			Hops: doc.Hops, Final: doc.Final, Findings: doc.Findings, Error: doc.Error})
	}
	// As hops canon's: the run itself was cut short, not just a chain.
	if interrupted {
		d.Error = &DocError{Code: string(inspect.StopInterrupted), Message: "interrupted before every client walked the chain"}
	}
	opts := Options{ShowSecrets: meta.ShowSecrets}
	if len(runs) == 0 {
		headers := req.Header
		if !meta.ShowSecrets {
			headers = MaskHeaders(headers)
		}
		d.Request = DocRequest{URL: opts.mask(req.URL), Method: req.Method, Headers: nonNilHeader(headers), BodyBytes: len(req.Body)}
	}
	for _, dv := range divs {
		values := map[string]string{}
		for k, v := range dv.Values {
			values[k] = opts.mask(v)
		}
		d.Divergences = append(d.Divergences, DivergenceDoc{Aspect: dv.Aspect, Values: values})
	}
	for _, f := range findings {
		d.Findings = append(d.Findings, DocFinding{Code: string(f.Code), Severity: f.Severity.String(), Message: opts.mask(f.Message)})
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = w.Write(append(escapeJSON(b), '\n'))
	return err
}

// ClientList writes `hops clients`: each profile's rules in a table.
func ClientList(w io.Writer, profiles []*client.Profile, opts Options) error {
	t := newTheme(w, opts.Color)
	style := func(row, col int) lipgloss.Style {
		st := t.renderer.NewStyle().Padding(0, 1)
		if row == table.HeaderRow {
			return st.Inherit(t.bold)
		}
		return st
	}
	// Two tables: the rules, then what each models and does with a
	// refresh; one of eight columns left no room for the prose at 80.
	rules := make([][]string, 0, len(profiles))
	models := make([][]string, 0, len(profiles))
	for _, p := range profiles {
		rules = append(rules, []string{p.Name, fmt.Sprint(p.MaxRedirects), methodRules(p), credentialRule(p), string(p.Parser), yesNo(p.KeepsCookies)})
		models = append(models, []string{p.Name, p.Version, refreshRule(p, true)})
	}
	var out strings.Builder
	for _, tb := range []struct {
		headers []string
		rows    [][]string
	}{
		{[]string{"client", "limit", "method/body", "credentials", "Location", "cookies"}, rules},
		{[]string{"client", "version", "refresh"}, models},
	} {
		tbl := newTable().Border(lipgloss.NormalBorder()).BorderStyle(t.dim).Headers(tb.headers...).Rows(tb.rows...).StyleFunc(style)
		if lipgloss.Width(tbl.String()) > opts.width() {
			tbl = tbl.Width(opts.width()) // the prose columns wrap
		}
		out.WriteString(tbl.String() + "\n")
	}
	// Line by line: a block would be padded to its widest line.
	for _, l := range wrapWords("hops explain CLIENT tells one client's rules and the version they model; hops --as CLIENT URL walks as it would", opts.width()) {
		out.WriteString(t.dim.Render(l) + "\n")
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// ExplainClient writes `hops explain CLIENT`.
func ExplainClient(w io.Writer, p *client.Profile, opts Options) error {
	bw := bufio.NewWriter(w)
	line := func(label, text string) {
		for i, l := range wrapWords(text, opts.width()-14) {
			if i == 0 {
				fmt.Fprintf(bw, "  %-12s%s\n", label, l)
				continue
			}
			fmt.Fprintf(bw, "  %-12s%s\n", "", l)
		}
	}
	fmt.Fprintf(bw, "%s (client profile)\n", p.Name)
	line("models", p.Models)
	line("follows", statusRanges(p.Follows)+" with a Location")
	line("limit", fmt.Sprintf("%d redirects; one more is an error", p.MaxRedirects))
	method := methodRules(p)
	if p.RedirectedBodyFails {
		method += "; a redirected request that still has its body fails at its next redirect other than a 303"
	}
	line("method", method)
	line("credentials", credentialRule(p))
	loc := string(p.Parser) + " resolution"
	if p.LocationLatin1 {
		loc += "; reads the header's bytes as Latin-1, so raw UTF-8 is encoded twice"
	}
	if p.LocationUTF8 {
		loc += "; reads the header's bytes as UTF-8, a byte that is not becoming U+FFFD"
	}
	if p.LocationEscape != nil {
		loc += "; " + p.LocationEscape.Describe()
	} else if p.Parser == client.RFC3986 {
		loc += "; net/url escapes the path and sends the query as it is"
	}
	switch {
	case p.UserinfoFails != "":
		loc += "; a user and password in it: " + p.UserinfoFails
	case p.LocationUserinfo == client.UserinfoSent:
		loc += "; a user and password in it are sent as Basic authorization"
	case p.LocationUserinfo == client.UserinfoSentSameOrigin:
		loc += "; a user and password in it are sent as Basic authorization to the first request's origin"
	}
	switch {
	case p.DropsEmptyQuery && p.KeepsGivenEmptyQuery:
		loc += "; sends a redirect's \"/x?\" as \"/x\""
	case p.DropsEmptyQuery:
		loc += "; sends \"/x?\" as \"/x\""
	}
	switch p.Slashes {
	case client.SlashesCurl:
		loc += "; \"///host/x\" and \"http:/host/x\" name the host, four slashes fail"
	case client.SlashesWget:
		loc += "; a Location that starts with three slashes fails"
	case client.SlashesPython:
		loc += "; \"///host/x\" is the path /host/x, \"////host/x\" names the host"
	}
	switch p.Locations {
	case client.FirstLocation:
		loc += "; of several Location headers, the first"
	case client.FirstNonEmptyLocation:
		loc += "; of several Location headers, the first that is not empty"
	case client.JoinedLocations:
		loc += "; several Location headers are joined with \", \" into one reference"
	default:
		loc += "; several Location headers that differ are an error"
	}
	line("Location", loc)
	httpRule := map[bool]string{true: "HTTP/1.1 only: offers no h2 over TLS", false: "HTTP/2 over TLS where the server offers it, else HTTP/1.1"}[p.HTTP1Only]
	if p.StrictHeaderBytes {
		httpRule += "; a control byte in a header value fails the request"
	}
	line("HTTP", httpRule)
	switch {
	case p.StrictReferrer:
		line("Referer", "a -e URL as strict-origin-when-cross-origin makes it: whole to its own origin, the origin alone to another, none from https to http")
	case p.RefererFromPrevious:
		line("Referer", "the previous request's URL on each redirect, or the -e URL; none from https to http")
	}
	switch {
	case !p.KeepsCookies:
		line("cookies", "does not keep cookies servers set")
	case p.Cookies == client.WgetCookies:
		line("cookies", "keeps the cookies servers set along the chain; one set without Domain on a port other than 80 and 443 goes to that port only; a Path that is not a prefix of the path that sets it is refused; Secure ones over https only")
	case p.Cookies == client.PlainCookies:
		line("cookies", "keeps the cookies servers set along the chain (Python's http.cookiejar: Secure ones over https only; SameSite and the __Secure-/__Host- prefixes not read)")
	default:
		line("cookies", "keeps the cookies servers set along the chain, by RFC 6265bis as browsers do (localhost is a secure origin)")
	}
	line("refresh", refreshRule(p, false))
	if p.UserAgent != "" {
		line("User-Agent", p.UserAgent)
	}
	return bw.Flush()
}

// refreshRule says what a profile does with a meta refresh or a Refresh
// header: in a table cell (short) or in hops explain.
func refreshRule(p *client.Profile, short bool) string {
	switch {
	case p.FollowsMetaRefresh && short:
		return "meta refresh followed: 0 s permanent, else temporary"
	case p.FollowsMetaRefresh:
		return "the first meta refresh of a 2xx page is followed at once as one more redirect: permanent with a delay of 0, temporary with a longer one; a Refresh header is reported, not followed"
	case p.NavigatesRefresh && short:
		return "followed after its delay"
	case p.NavigatesRefresh:
		return "a meta refresh or Refresh header is navigated once its delay has passed; hops reports it (meta-refresh, refresh-header) and walks it as one more hop with --follow-refresh"
	case short:
		return "not followed"
	}
	return "a meta refresh or Refresh header is not followed (hops still reports it)"
}

// methodRules says in a few words what a profile does to methods.
func methodRules(p *client.Profile) string {
	if p.GETOnly {
		return "GET only, without a body: a crawler fetches"
	}
	byStatus := map[int][]string{}
	var statuses []int
	for _, r := range p.Rewrites {
		if _, ok := byStatus[r.Status]; !ok {
			statuses = append(statuses, r.Status)
		}
		methods := strings.Join(r.Methods, "/")
		if methods == "*" {
			methods = "all"
			if len(r.Except) > 0 {
				methods += " but " + strings.Join(r.Except, "/")
			}
		}
		var what string
		switch {
		case r.Fail:
			what = methods + ": error"
		case r.To == "":
			what = methods + " kept, no body"
		default:
			what = methods + "→" + r.To
		}
		byStatus[r.Status] = append(byStatus[r.Status], what)
	}
	sort.Ints(statuses)
	var parts []string
	for _, s := range statuses {
		parts = append(parts, fmt.Sprintf("%d %s", s, strings.Join(byStatus[s], ", ")))
	}
	parts = append(parts, "else kept")
	if p.KeepsForcedMethod {
		parts = append(parts, "a forced -X kept")
	}
	return strings.Join(parts, "; ")
}

// credentialRule says where a profile sends the user's credentials.
func credentialRule(p *client.Profile) string {
	if p.CredentialHosts == client.AnyHost {
		return "sent to every host"
	}
	where := string(p.CredentialHosts)
	if p.CredentialPorts {
		where += ", same port"
	}
	switch p.CredentialSchemes {
	case client.SameScheme:
		where += ", same scheme"
	case client.NoDowngrade:
		where += ", no https→http"
	}
	if p.UpgradeKeeps {
		where += " (http→https kept)"
	}
	if p.StickyCredentials {
		where += "; once dropped, gone"
	} else {
		where += "; back when the chain returns"
	}
	if p.DropsUserCookie {
		where += "; a Cookie header dropped at the first redirect"
	}
	return where
}

func yesNo(b bool) string {
	if b {
		return "kept"
	}
	return "not kept"
}

// statusRanges writes statuses in order with runs of four or more as
// ranges: "301, 302, 303, 307, 308", "300-399".
func statusRanges(codes []int) string { return numberRanges(codes, 4) }
