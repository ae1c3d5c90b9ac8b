package render

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Layout of a hop block: the hop number sits in the indent, labels in a
// column of their own, values after them.
const (
	indent     = 4
	labelWidth = 10
	barWidth   = 16
)

type view struct {
	w     *bufio.Writer
	t     theme
	width int
	opts  Options
	chain *inspect.Chain
	// maxTotal scales the timing bars across the chain.
	maxTotal time.Duration
	// groups are the info findings said once for several hops, after the
	// hops; grouped marks their indexes in chain.Findings.
	groups  [][]inspect.Finding
	grouped map[int]bool
}

// Terminal writes the readable view of a chain: a block per hop, the chain's
// own findings, and a summary line.
func Terminal(w io.Writer, c *inspect.Chain, opts Options) error {
	if !opts.ShowSecrets {
		c = redact(c)
	}
	v := &view{w: bufio.NewWriter(w), t: newTheme(w, opts.Color), width: opts.width(), opts: opts, chain: c}
	for _, h := range c.Hops {
		if h.Timing.Total > v.maxTotal {
			v.maxTotal = h.Timing.Total
		}
	}
	if !opts.Verbose {
		// -v shows everything where it happened; the plain view says a
		// recurring note once.
		v.groups, v.grouped = groupRecurring(c.Findings)
	}
	for i := range c.Hops {
		if i > 0 {
			v.println("")
		}
		v.hop(&c.Hops[i])
	}
	var chainFindings []inspect.Finding
	for _, f := range c.Findings {
		if f.Hop == 0 {
			chainFindings = append(chainFindings, f)
		}
	}
	if len(chainFindings) > 0 || len(v.groups) > 0 {
		v.println("")
		v.println(v.t.bold.Render("chain"))
		for _, f := range chainFindings {
			v.finding(f)
		}
		for _, g := range v.groups {
			v.group(g)
		}
	}
	v.println("")
	v.summary()
	if v.opts.Body {
		v.body()
	}
	return v.w.Flush()
}

func (v *view) println(s string) {
	v.w.WriteString(s)
	v.w.WriteByte('\n')
}

func (v *view) hop(h *inspect.Hop) {
	t := v.t
	num := fmt.Sprintf("%*d", indent-2, h.N)
	head := h.Method + " "
	via := ""
	switch h.Via {
	case inspect.ViaMetaRefresh:
		via = " (via meta refresh)"
	case inspect.ViaRefreshHeader:
		via = " (via Refresh header)"
	}
	lines := wrapHard(head+Escape(v.opts.mask(h.URL))+via, v.width-indent, v.width-indent-2)
	for i, l := range lines {
		switch i {
		case 0:
			m, rest := l[:min(len(head), len(l))], l[min(len(head), len(l)):]
			v.println(t.bold.Render(num) + "  " + t.bold.Render(m) + t.url.Render(rest))
		default:
			v.println(strings.Repeat(" ", indent+2) + t.url.Render(l))
		}
	}

	pad := strings.Repeat(" ", indent)
	if h.Err != nil {
		v.println(pad + t.errorS.Render("no response"))
	} else {
		status := strings.TrimSpace(fmt.Sprintf("%d %s", h.Status, Escape(h.Reason)))
		text := status
		if kind := statusKind(h); kind != "" {
			text += "  " + kind
		}
		for i, l := range wrapWords(text, v.width-indent) {
			switch {
			case i == 0 && len(l) >= len(status):
				v.println(pad + t.status(h.Status).Render(status) + t.dim.Render(l[len(status):]))
			default:
				v.println(pad + t.dim.Render(l))
			}
		}
	}
	if len(h.Location) > 0 {
		for i, l := range h.Location {
			label := "location"
			if i > 0 {
				label = ""
			}
			v.field(label, Escape(v.opts.mask(l)), t.url, true)
		}
		if h.Next != nil && h.Next.URL != h.Location[0] {
			v.field("  →", Escape(v.opts.mask(h.Next.URL)), t.url, true)
		}
	}
	v.next(h)
	if h.Responded() {
		v.field("cache", cacheWords(h), t.dim, false)
		if s := hstsWords(h); s != "" {
			v.field("hsts", s, t.dim, false)
		}
		if h.TLS != nil {
			v.field("tls", tlsWords(h.TLS), t.dim, false)
		}
	}
	v.timing(h)
	if v.opts.Verbose && h.Responded() {
		v.headers(h)
	}
	for i, f := range v.chain.Findings {
		if f.Hop == h.N && !v.grouped[i] {
			v.finding(f)
		}
	}
}

func statusKind(h *inspect.Hop) string {
	switch s := h.Status; {
	case h.ResumeIncomplete():
		return "resume incomplete: an upload's progress, not a redirect"
	case s == 301 || s == 308:
		return "permanent redirect"
	case s == 302 || s == 307:
		return "temporary redirect"
	case s == 303:
		return "see other"
	case s == 304:
		return "not modified"
	case s >= 300 && s < 400:
		return "not followed"
	case s >= 400 && s < 500:
		return "client error"
	case s >= 500:
		return "server error"
	}
	return ""
}

// next says where the hop leads and with which method.
func (v *view) next(h *inspect.Hop) {
	c := v.chain
	last := h.N == len(c.Hops)
	t := v.t
	switch {
	case h.NextMethod == "" && !last:
		return
	case h.NextMethod == "":
		switch c.Stop {
		case inspect.StopUnsupportedScheme:
			v.field("next", "not followed: "+Escape(h.Next.Scheme())+": is not http or https", t.errorS, false)
		case inspect.StopInvalidLocation:
			v.field("next", "not followed: unusable Location", t.errorS, false)
		case inspect.StopRefused:
			v.field("next", "not followed: "+c.StopMessage(), t.errorS, false)
		}
		return
	}
	text := h.NextMethod
	style := t.bold
	if h.MethodChanged() {
		text += " (was " + h.Method
		if h.BodyDropped {
			text += ", body dropped"
		}
		text += ")"
		style = t.changed
	} else if h.BodyDropped {
		// The method kept (curl's -X) and the body not: a PUT sent empty.
		text += " (body dropped)"
		style = t.changed
	} else if h.BodyBytes > 0 {
		text += fmt.Sprintf(" (body of %d bytes resent)", h.BodyBytes)
	}
	if last {
		switch c.Stop {
		case inspect.StopLoop:
			text += fmt.Sprintf(", back to hop %d: a loop, not requested again", c.LoopTo)
			style = t.errorS
		case inspect.StopMaxRedirects:
			text += fmt.Sprintf(", not requested: %d redirects were followed, the client's limit", c.MaxRedirects)
			style = t.errorS
		case inspect.StopAtLimit:
			text += fmt.Sprintf(", not requested: stopped at --max-redirects %d", c.MaxRedirects)
		case inspect.StopInterrupted:
			text += ", not requested: interrupted"
			style = t.errorS
		}
	} else if via := c.Hops[h.N].Via; via != inspect.ViaHTTP {
		text += " via " + strings.ReplaceAll(string(via), "-", " ")
	}
	v.field("next", text, style, false)
}

// phase is one labelled part of a hop's time; the bar draws it in style.
type phase struct {
	name  string
	d     time.Duration
	style lipgloss.Style
}

// phases splits a hop's total time into parts that add up to it exactly:
// DNS, connect and TLS as measured, wait up to the first response byte,
// then the body read. A hop without a response ends in "no response", the
// time from its last phase to its failure. A phase measured past the time
// left for it (a dial that raced a reused connection may report after the
// first byte) is cut to that time, so the parts never exceed the whole.
func (v *view) phases(h *inspect.Hop) []phase {
	tm := h.Timing
	total := max(tm.Total, 0)
	setupEnd := total
	if tm.TTFB != nil {
		setupEnd = min(max(*tm.TTFB, 0), total)
	}
	var ps []phase
	var used time.Duration
	setup := func(name string, d *time.Duration, style lipgloss.Style) {
		if d != nil {
			ps = append(ps, phase{name, min(max(*d, 0), setupEnd-used), style})
			used += ps[len(ps)-1].d
		}
	}
	setup("dns", tm.DNS, v.t.barDNS)
	setup("connect", tm.Connect, v.t.barConnect)
	setup("tls", tm.TLS, v.t.barTLS)
	switch {
	case tm.TTFB != nil:
		ps = append(ps, phase{"wait", setupEnd - used, v.t.barWait})
		if h.Responded() {
			ps = append(ps, phase{"body", total - setupEnd, v.t.barBody})
		} else {
			ps = append(ps, phase{"no response", total - setupEnd, v.t.barFail})
		}
	case h.Responded():
		// No first-byte time was recorded: all after the set-up is wait.
		ps = append(ps, phase{"wait", total - used, v.t.barWait})
	case total > used:
		ps = append(ps, phase{"no response", total - used, v.t.barFail})
	}
	return ps
}

// timing writes "61.5 ms = dns 12.5 + connect 20.3 + wait 28.2 + body 0.5"
// after the bar: every number named, the phases in the bar's order with
// their names in the bar's colours, adding up to the total as printed.
func (v *view) timing(h *inspect.Hop) {
	ps := v.phases(h)
	unit, decimals := timeUnit(h.Timing.Total)
	ds := make([]time.Duration, len(ps))
	for i, p := range ps {
		ds[i] = p.d
	}
	total, shares := splitRounded(max(h.Timing.Total, 0), ds, unit)
	// Each part is measured without colour and painted when written, so
	// wrapping counts columns, not escape sequences.
	plain := []string{fmtUnits(total, decimals) + " ms"}
	painted := []string{plain[0]}
	for i, p := range ps {
		op := "+ "
		if i == 0 {
			op = "= "
		}
		num := " " + fmtUnits(shares[i], decimals)
		plain = append(plain, op+p.name+num)
		painted = append(painted, op+p.style.Render(p.name)+num)
	}
	if h.Reused {
		// Why there is no dns, connect or tls; short enough to stay on
		// the line at 80 columns.
		plain = append(plain, "(same connection)")
		painted = append(painted, "(same connection)")
	}
	pad := strings.Repeat(" ", indent+labelWidth+barWidth+1)
	head := strings.Repeat(" ", indent) + v.t.label.Render(padRight("time", labelWidth)) + v.bar(ps) + " "
	for i, r := range wrapParts(plain, v.width-indent-labelWidth-barWidth-1) {
		if i > 0 {
			head = pad
		}
		v.println(head + strings.Join(painted[r[0]:r[1]], " "))
	}
}

// wrapParts breaks parts, joined by single spaces, into lines of at most
// width columns without breaking a part ("+ wait 28.2" stays together). It
// returns each line's range of parts.
func wrapParts(parts []string, width int) [][2]int {
	var lines [][2]int
	start, n := 0, 0
	for i, p := range parts {
		w := stringWidth(p)
		if i > start && n+1+w > width {
			lines = append(lines, [2]int{start, i})
			start, n = i, 0
		}
		if i > start {
			n++
		}
		n += w
	}
	return append(lines, [2]int{start, len(parts)})
}

// timeUnit is the precision of a hop's time line, from its total: two
// decimals of a millisecond below 1 ms, one below 100 ms, whole ones above.
func timeUnit(total time.Duration) (unit time.Duration, decimals int) {
	switch {
	case total < time.Millisecond:
		return 10 * time.Microsecond, 2
	case total < 100*time.Millisecond:
		return 100 * time.Microsecond, 1
	}
	return time.Millisecond, 0
}

// splitRounded rounds total to units, and each part too so that the
// rounded parts add up to the rounded total: every part is rounded down,
// and the units left go to the parts that lost the most (the earlier one
// on a tie). parts must add up to total.
func splitRounded(total time.Duration, parts []time.Duration, unit time.Duration) (int64, []int64) {
	t := int64((total + unit/2) / unit)
	out := make([]int64, len(parts))
	rest := t
	for i, p := range parts {
		out[i] = int64(p / unit)
		rest -= out[i]
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return parts[order[a]]%unit > parts[order[b]]%unit })
	for i := 0; rest > 0 && i < len(order); i++ {
		out[order[i]]++
		rest--
	}
	return t, out
}

// fmtUnits writes n units with the given number of decimals: 615, 1 is
// "61.5".
func fmtUnits(n int64, decimals int) string {
	if decimals == 0 {
		return strconv.FormatInt(n, 10)
	}
	p := int64(1)
	for range decimals {
		p *= 10
	}
	return fmt.Sprintf("%d.%0*d", n/p, decimals, n%p)
}

// bar draws the hop's phases as a bar scaled to the slowest hop, each in
// the colour its name has in the time line beside it, like httpstat.
// Without colour the numbers beside it carry the split.
func (v *view) bar(ps []phase) string {
	if v.maxTotal <= 0 {
		return strings.Repeat(" ", barWidth)
	}
	cells := func(d time.Duration) int {
		return int((float64(d)/float64(v.maxTotal))*barWidth + 0.5)
	}
	var b strings.Builder
	n := 0
	var total time.Duration
	for _, p := range ps {
		total += p.d
		k := min(cells(p.d), barWidth-n)
		if k > 0 {
			b.WriteString(p.style.Render(strings.Repeat("█", k)))
			n += k
		}
	}
	if n == 0 && total > 0 {
		// Too short for a cell: a sliver in the colour of its longest phase.
		long := ps[0]
		for _, p := range ps[1:] {
			if p.d > long.d {
				long = p
			}
		}
		b.WriteString(long.style.Render("▏"))
		n = 1
	}
	b.WriteString(strings.Repeat(" ", barWidth-n))
	return b.String()
}

func (v *view) headers(h *inspect.Hop) {
	// What was sent, as curl -v writes it: "> Name: value".
	for _, k := range sortedKeys(h.RequestHeader) {
		for _, val := range h.RequestHeader[k] {
			if !v.opts.ShowSecrets {
				val = MaskHeader(k, val)
			}
			for i, l := range wrapHard(Escape("> "+k+": "+val), v.width-indent, v.width-indent-2) {
				if i > 0 {
					l = "  " + l
				}
				v.println(strings.Repeat(" ", indent) + v.t.dim.Render(l))
			}
		}
	}
	keys := sortedKeys(h.Header)
	w := 0
	for _, k := range keys {
		if len(k) > w {
			w = len(k)
		}
	}
	// Names align up to a width that still leaves room for the values
	// (Strict-Transport-Security fits at 80 columns); unwrapped lines align
	// as at 80, or one long name would pad every other.
	width := v.width
	if width == NoWrap {
		width = 80
	}
	if limit := width - indent - 2 - 30; w > limit {
		w = limit
	}
	pad := strings.Repeat(" ", indent)
	for _, k := range keys {
		for _, val := range h.Header[k] {
			name := Escape(k)
			first := pad + v.t.label.Render(padRight(name+":", w+1)) + " "
			if !v.opts.ShowSecrets {
				val = MaskHeader(k, val)
			}
			lines := wrapHard(Escape(val), v.width-indent-w-2, v.width-indent-w-2)
			for i, l := range lines {
				if i == 0 {
					v.println(first + l)
				} else {
					v.println(strings.Repeat(" ", indent+w+2) + l)
				}
			}
		}
	}
}

func (v *view) finding(f inspect.Finding) {
	v.note(f.Severity, symbol(f.Severity)+" "+string(f.Code), Escape(f.Message))
}

// note writes a finding's head in its severity's style and its text
// wrapped under it.
func (v *view) note(sev inspect.Severity, head, text string) {
	pad := strings.Repeat(" ", indent)
	line := head
	if text != "" {
		line += "  " + text
	}
	lines := wrapWords(line, v.width-indent-2)
	for i, l := range lines {
		if i == 0 && len(l) >= len(head) {
			v.println(pad + v.t.severity(sev).Render(head) + l[len(head):])
			continue
		}
		v.println(pad + "  " + l)
	}
}

// groupRecurring picks the info findings of a code raised on two or more
// hops: the view says each such code once, after the hops, instead of in
// every hop block. Warnings and errors stay where they happened. It returns
// the groups in the order their codes first appear, and the indexes in fs
// of the findings they hold.
func groupRecurring(fs []inspect.Finding) ([][]inspect.Finding, map[int]bool) {
	byCode := map[inspect.Code][]int{}
	var codes []inspect.Code
	for i, f := range fs {
		if f.Severity != inspect.SeverityInfo || f.Hop == 0 {
			continue
		}
		if _, ok := byCode[f.Code]; !ok {
			codes = append(codes, f.Code)
		}
		byCode[f.Code] = append(byCode[f.Code], i)
	}
	var groups [][]inspect.Finding
	grouped := map[int]bool{}
	for _, code := range codes {
		idx := byCode[code]
		g := make([]inspect.Finding, len(idx))
		for j, i := range idx {
			g[j] = fs[i]
		}
		if len(hopsOf(g)) < 2 {
			continue
		}
		for _, i := range idx {
			grouped[i] = true
		}
		groups = append(groups, g)
	}
	return groups, grouped
}

// hopsOf lists the hops of fs in ascending order, each once.
func hopsOf(fs []inspect.Finding) []int {
	ns := make([]int, len(fs))
	for i, f := range fs {
		ns[i] = f.Hop
	}
	return uniqueSorted(ns)
}

// shownInHop lists the codes whose messages differ from hop to hop only by
// what each hop block prints anyway (its status, Location and where it
// resolves, its cache line): when their messages differ, the catalogue's
// words, true of every hop, say what they have in common.
var shownInHop = map[inspect.Code]bool{
	inspect.CodeRelativeLocation: true,
	inspect.CodeFragment:         true,
	inspect.CodeCrossHost:        true,
	inspect.CodePermanentCached:  true,
}

// group writes one recurring info finding for all its hops: its message
// when every hop has the same one; otherwise the catalogue's summary, then
// either its advice (when the hop blocks show what differs) or each
// distinct message with the hops it was raised on.
func (v *view) group(fs []inspect.Finding) {
	var msgs []string
	hopsBy := map[string][]int{}
	for _, f := range fs {
		m := Escape(f.Message)
		if _, ok := hopsBy[m]; !ok {
			msgs = append(msgs, m)
		}
		hopsBy[m] = append(hopsBy[m], f.Hop)
	}
	f := fs[0]
	head := symbol(f.Severity) + " " + string(f.Code) + " (" + hopList(hopsOf(fs)) + ")"
	entry, known := inspect.Lookup(f.Code)
	switch {
	case len(msgs) == 1:
		v.note(f.Severity, head, msgs[0])
		return
	case known && shownInHop[f.Code]:
		v.note(f.Severity, head, entry.Summary+". "+entry.Why)
		return
	case known:
		v.note(f.Severity, head, entry.Summary+":")
	default:
		v.note(f.Severity, head, "")
	}
	pad := strings.Repeat(" ", indent+2)
	for _, m := range msgs {
		hops := uniqueSorted(hopsBy[m])
		for i, l := range wrapWords(hopList(hops)+": "+m, v.width-indent-4) {
			if i > 0 {
				l = "  " + l
			}
			v.println(pad + l)
		}
	}
}

// uniqueSorted returns ns sorted, each number once.
func uniqueSorted(ns []int) []int {
	out := append([]int(nil), ns...)
	sort.Ints(out)
	k := 0
	for i, n := range out {
		if i == 0 || n != out[k-1] {
			out[k] = n
			k++
		}
	}
	return out[:k]
}

// hopList names hops: "hop 2", "hops 1, 3", "hops 1-4, 6" (three or more
// in a row as a range). ns is sorted and without repeats.
func hopList(ns []int) string {
	word := "hops "
	if len(ns) == 1 {
		word = "hop "
	}
	return word + numberRanges(ns, 3)
}

// numberRanges writes sorted numbers joined with ", ", each run of at
// least run consecutive numbers as a range: "1-4, 6".
func numberRanges(ns []int, run int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j-i+1 >= run {
			parts = append(parts, fmt.Sprintf("%d-%d", ns[i], ns[j]))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, strconv.Itoa(ns[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// field writes "label  value", wrapping the value under itself. URLs wrap
// hard (never broken into words, never truncated); prose wraps at spaces.
func (v *view) field(label, value string, style lipgloss.Style, hard bool) {
	avail := v.width - indent - labelWidth
	var lines []string
	if hard {
		lines = wrapHard(value, avail, avail)
	} else {
		lines = wrapWords(value, avail)
	}
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		if i == 0 {
			v.println(pad + v.t.label.Render(padRight(label, labelWidth)) + style.Render(l))
			continue
		}
		v.println(pad + strings.Repeat(" ", labelWidth) + style.Render(l))
	}
}

func (v *view) summary() {
	c := v.chain
	var total time.Duration
	for _, h := range c.Hops {
		total += h.Timing.Total
	}
	counts := map[inspect.Severity]int{}
	for _, f := range c.Findings {
		counts[f.Severity]++
	}
	worst := inspect.Worst(c.Findings)
	sym, style := "✓", v.t.ok
	switch worst {
	case inspect.SeverityError:
		sym, style = "✗", v.t.errorS
	case inspect.SeverityWarning:
		sym, style = "!", v.t.warning
	}
	final := "no response"
	if last := c.Last(); last != nil && last.Responded() {
		final = strings.TrimSpace(fmt.Sprintf("%d %s", last.Status, Escape(last.Reason)))
	}
	hops := plural(len(c.Hops), "hop")
	text := fmt.Sprintf("%s, %s, %s, final %s; %s, %s, %s",
		hops, plural(c.Redirects(), "redirect"), fmtMS(total), final,
		plural(counts[inspect.SeverityError], "error"), plural(counts[inspect.SeverityWarning], "warning"),
		fmt.Sprintf("%d info", counts[inspect.SeverityInfo]))
	if x := c.Indexing; x != nil {
		// The verdict quotes the page (its canonical URL), which redact
		// does not reach: mask it here.
		text += "; " + Escape(v.opts.mask(x.Summary()))
	}
	// The symbol and a space, then the text wrapped under itself.
	for i, l := range wrapWords(text, v.width-2) {
		if i == 0 {
			v.println(style.Render(sym) + " " + l)
			continue
		}
		v.println("  " + l)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func fmtMS(d time.Duration) string {
	ms := float64(d.Microseconds()) / 1000
	switch {
	case ms >= 10000:
		return fmt.Sprintf("%.0f s", ms/1000)
	case ms >= 1000:
		return fmt.Sprintf("%.2f s", ms/1000)
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 1:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.2f ms", ms)
}

func cacheWords(h *inspect.Hop) string {
	c := h.CacheFacts()
	who := "browsers and CDNs"
	switch {
	case c.Private:
		who = "browsers (not CDNs)"
	case c.SharedOnly:
		who = "CDNs and proxies (s-maxage)"
	}
	switch {
	case c.NoStore:
		return "not stored (no-store)"
	case c.NoCache:
		return "stored, but revalidated before each reuse (no-cache)"
	case c.Explicit && c.Cacheable:
		return fmt.Sprintf("cached by %s for %s", who, inspect.Duration(*c.Freshness))
	case c.Explicit:
		return "not cacheable (already stale)"
	case c.Heuristic && c.Freshness == nil && (h.Status == 301 || h.Status == 308 || h.Status == 300 || h.Status == 410):
		return "heuristically cacheable: browsers may keep it forever"
	case c.Heuristic && c.Freshness != nil:
		return fmt.Sprintf("heuristically cacheable, about %s", inspect.Duration(*c.Freshness))
	case c.Heuristic:
		return "heuristically cacheable"
	}
	return "not cacheable"
}

func hstsWords(h *inspect.Hop) string {
	s := h.HSTS
	if s == nil {
		if href.Scheme(h.URL) == "https" {
			return "none"
		}
		return ""
	}
	if !s.Valid {
		return "invalid: " + Escape(s.Problem)
	}
	parts := []string{"max-age " + inspect.Duration(*s.MaxAge)}
	if s.IncludeSubdomains {
		parts = append(parts, "includeSubDomains")
	}
	if s.Preload {
		parts = append(parts, "preload")
	}
	out := strings.Join(parts, ", ")
	if s.Problem != "" {
		out += " (" + Escape(s.Problem) + ")"
	}
	return out
}

func tlsWords(t *inspect.TLSInfo) string {
	parts := []string{t.Version}
	if t.ALPN != "" {
		parts = append(parts, t.ALPN)
	}
	if t.Verified {
		parts = append(parts, "certificate verified")
	} else {
		parts = append(parts, "certificate NOT verified: "+Escape(t.VerifyError))
	}
	if !t.NotAfter.IsZero() {
		parts = append(parts, "expires "+t.NotAfter.UTC().Format("2006-01-02"))
	}
	return strings.Join(parts, ", ")
}

// padRight pads s with spaces to w columns; a longer s is left as it is.
func padRight(s string, w int) string {
	if n := stringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrapHard cuts s into lines of at most first columns, then rest columns,
// keeping every character: URLs stay whole and copyable.
func wrapHard(s string, first, rest int) []string {
	if first < 1 {
		first = 1
	}
	if rest < 1 {
		rest = 1
	}
	var lines []string
	width := first
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := runeWidth(r)
		if n+rw > width && n > 0 {
			lines = append(lines, b.String())
			b.Reset()
			n = 0
			width = rest
		}
		b.WriteRune(r)
		n += rw
	}
	lines = append(lines, b.String())
	return lines
}

// wrapWords wraps prose at spaces; a word longer than a line is cut hard.
func wrapWords(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Split(s, " ") {
		ww := stringWidth(word)
		switch {
		case n == 0:
		case n+1+ww <= width:
			cur.WriteByte(' ')
			n++
		default:
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if ww > width-n {
			parts := wrapHard(word, width-n, width)
			for _, p := range parts[:len(parts)-1] {
				cur.WriteString(p)
				lines = append(lines, cur.String())
				cur.Reset()
			}
			word = parts[len(parts)-1]
			ww = stringWidth(word)
			n = 0
		}
		cur.WriteString(word)
		n += ww
	}
	lines = append(lines, cur.String())
	return lines
}

// Brief writes one line per hop: number, method, URL, status and where it
// leads.
func Brief(w io.Writer, c *inspect.Chain, opts Options) error {
	if !opts.ShowSecrets {
		c = redact(c)
	}
	t := newTheme(w, opts.Color)
	bw := bufio.NewWriter(w)
	for i := range c.Hops {
		h := &c.Hops[i]
		status := t.errorS.Render("failed")
		if h.Responded() {
			status = t.status(h.Status).Render(fmt.Sprint(h.Status))
		}
		line := fmt.Sprintf("%d %s %s %s %s", h.N, status, h.Method, t.url.Render(Escape(opts.mask(h.URL))), fmtMS(h.Timing.Total))
		var marks []string
		for _, f := range c.Findings {
			if f.Hop == h.N && f.Severity >= inspect.SeverityWarning {
				marks = append(marks, t.severity(f.Severity).Render(symbol(f.Severity)+" "+string(f.Code)))
			}
		}
		if len(marks) > 0 {
			line += "  " + strings.Join(marks, " ")
		}
		fmt.Fprintln(bw, line)
	}
	for _, f := range c.Findings {
		if f.Hop == 0 && f.Severity >= inspect.SeverityWarning {
			fmt.Fprintln(bw, t.severity(f.Severity).Render(symbol(f.Severity)+" "+string(f.Code)))
		}
	}
	return bw.Flush()
}

// Final writes only the final URL, for pipes; its password masked unless
// showSecrets.
func Final(w io.Writer, c *inspect.Chain, showSecrets bool) error {
	u := c.Request.URL
	if last := c.Last(); last != nil {
		u = last.URL
	}
	_, err := fmt.Fprintln(w, Escape(maskIf(!showSecrets, u)))
	return err
}

// Heading writes a titled section head with the command that reproduces
// it, wrapped to the width (used by `hops demo`).
func Heading(w io.Writer, title, command string, opts Options) error {
	t := newTheme(w, opts.Color)
	bw := bufio.NewWriter(w)
	for _, l := range wrapWords("━━ "+title, opts.width()) {
		fmt.Fprintln(bw, t.bold.Render(l))
	}
	for i, l := range wrapWords("$ "+command, opts.width()-5) {
		if i == 0 {
			fmt.Fprintln(bw, "   "+t.dim.Render(l))
			continue
		}
		fmt.Fprintln(bw, "     "+t.dim.Render(l))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// body writes the final response's body (--body): its size, whether it was
// cut at the bound, and the text with control characters escaped.
func (v *view) body() {
	last := v.chain.Last()
	if last == nil || !last.Responded() {
		return
	}
	if !v.chain.Final() {
		// The last hop is a redirect that was not followed (a loop, a
		// limit, a refusal): its body was drained, not read.
		v.println("")
		v.println(v.t.bold.Render("body") + v.t.dim.Render(" (none: the chain has no final response)"))
		return
	}
	size := plural(len(last.Body), "byte")
	if last.BodyCut {
		size += ", cut at the 64 KiB bound"
		// The whole body's size, when the response says it and it is not
		// coded (then the length counts the coded bytes).
		if n, err := strconv.ParseInt(last.Header.Get("Content-Length"), 10, 64); err == nil && n > int64(len(last.Body)) && last.Header.Get("Content-Encoding") == "" {
			size = plural(len(last.Body), "byte") + " of " + strconv.FormatInt(n, 10) + ", cut at the 64 KiB bound"
		}
	}
	if last.BodyUndecoded != "" {
		// Not the coded bytes: they are no text.
		size = "not shown: " + Escape(last.BodyUndecoded)
	}
	v.println("")
	v.println(v.t.bold.Render("body") + v.t.dim.Render(" ("+size+")"))
	for _, l := range strings.Split(strings.TrimRight(string(last.Body), "\n"), "\n") {
		v.println(Escape(v.opts.mask(l)))
	}
}
