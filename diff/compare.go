package diff

import (
	"encoding/json"
	"fmt"

	"github.com/hops-cli/hops/inspect"
)

// Class is how serious a change is. The order is the order of output and
// of "worst": a row with a change and an improvement is a change.
type Class int

const (
	ClassNone Class = iota
	ClassImprovement
	ClassChange
	ClassRegression
)

func (c Class) String() string {
	switch c {
	case ClassNone:
		return "none"
	case ClassImprovement:
		return "improvement"
	case ClassChange:
		return "change"
	case ClassRegression:
		return "regression"
	}
	return fmt.Sprintf("class(%d)", int(c))
}

func (c Class) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

func (c *Class) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	for _, k := range []Class{ClassNone, ClassImprovement, ClassChange, ClassRegression} {
		if k.String() == s {
			*c = k
			return nil
		}
	}
	return fmt.Errorf("unknown class %q", s)
}

// Aspect names what changed. The names are stable: they are the "aspect"
// of the --json document.
type Aspect string

// The aspects, in the order a row lists its changes, and the type of their
// before and after values (nil is JSON null):
const (
	// AspectRow: the row is in one run only. bool: present in that run.
	AspectRow Aspect = "row"
	// AspectFinalURL: final.url. string.
	AspectFinalURL Aspect = "final_url"
	// AspectFinalStatus: the final response's status. int, or nil when
	// the chain has no final response (a request failed, a loop...).
	AspectFinalStatus Aspect = "final_status"
	// AspectFirstStatus: the first hop's status. int, or nil when it got
	// no response.
	AspectFirstStatus Aspect = "first_status"
	// AspectRedirects: final.redirects. int.
	AspectRedirects Aspect = "redirects"
	// AspectPermanence: the first hop's. "permanent" or "temporary", or
	// nil when it is not a redirect.
	AspectPermanence Aspect = "permanence"
	// AspectFinding: a finding code that appeared (before nil, after the
	// code) or went (before the code, after nil). string.
	AspectFinding Aspect = "finding"
	// AspectHSTS: the policy of a host answering over https in both runs.
	// HSTS, its MaxAge nil when the host sent no valid policy.
	AspectHSTS Aspect = "hsts"
	// AspectCache: how long clients may reuse the first response: int64
	// seconds (0: not reused), "unbounded" (kept without a lifetime), or
	// nil when the first hop got no response.
	AspectCache Aspect = "cache"
)

// Change is one difference between the runs for a row.
type Change struct {
	Aspect Aspect `json:"aspect"`
	Before any    `json:"before"`
	After  any    `json:"after"`
	Class  Class  `json:"class"`
}

// UnmarshalJSON gives Before and After the Go types Compare makes, so a
// change read back from disk renders as the one written.
func (c *Change) UnmarshalJSON(b []byte) error {
	var w struct {
		Aspect        Aspect
		Before, After json.RawMessage
		Class         Class
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	c.Aspect, c.Class = w.Aspect, w.Class
	var err error
	if c.Before, err = decodeValue(w.Aspect, w.Before); err != nil {
		return err
	}
	c.After, err = decodeValue(w.Aspect, w.After)
	return err
}

func decodeValue(a Aspect, raw json.RawMessage) (any, error) {
	if isNull(raw) {
		return nil, nil
	}
	v, err := decodeAs(a, raw)
	if err != nil {
		return nil, fmt.Errorf("%s value %s: %w", a, raw, err)
	}
	return v, nil
}

func decodeAs(a Aspect, raw json.RawMessage) (any, error) {
	switch a {
	case AspectRow:
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	case AspectFinalStatus, AspectFirstStatus, AspectRedirects:
		var n int
		err := json.Unmarshal(raw, &n)
		return n, err
	case AspectHSTS:
		var h HSTS
		err := json.Unmarshal(raw, &h)
		return h, err
	case AspectCache:
		var n int64
		if json.Unmarshal(raw, &n) == nil {
			return n, nil
		}
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// Row is a row's changes. Class is the worst of them (ClassNone: no change).
type Row struct {
	Source  string   `json:"source"`
	Method  string   `json:"method"`
	Class   Class    `json:"class"`
	Changes []Change `json:"changes"`
}

func (r *Row) add(a Aspect, before, after any, class Class) {
	r.Changes = append(r.Changes, Change{Aspect: a, Before: before, After: after, Class: class})
	r.Class = max(r.Class, class)
}

// Compare lists what changed from old to new, the same row (source and
// method) in two runs, each change classed as SPEC says:
//
//   - regression: a new error or warning finding; the final status left
//     2xx, or no final response came; the final URL moved between two
//     final responses; a permanent first redirect became temporary; HSTS
//     lost or weakened on a host that answered over https in both runs.
//   - improvement: an error or warning finding went; the final status
//     became 2xx; fewer redirects.
//   - change: anything else that differs.
//
// A chain that failed keeps final.url at the hop that failed, and only a
// move between two final responses is a regression, so a failure fixed is
// an improvement, not "the final URL moved".
func Compare(old, new Facts) Row {
	r := Row{Source: new.Source, Method: new.Method, Changes: []Change{}}
	if old.FinalURL != new.FinalURL {
		class := ClassChange
		if old.Final && new.Final {
			class = ClassRegression
		}
		r.add(AspectFinalURL, old.FinalURL, new.FinalURL, class)
	}
	if old.Final != new.Final || !equal(old.FinalStatus, new.FinalStatus) {
		class := ClassChange
		switch was, is := old.success(), new.success(); {
		case was && !is, old.Final && !new.Final:
			class = ClassRegression
		case !was && is:
			class = ClassImprovement
		}
		r.add(AspectFinalStatus, value(old.FinalStatus), value(new.FinalStatus), class)
	}
	// Without a redirect in either run the first hop is the last one, and
	// its status is the final status's change, said once: a page fixed
	// from 404 to 200 is an improvement, not also a change that outranks it.
	if !equal(old.FirstStatus, new.FirstStatus) && (old.Redirects > 0 || new.Redirects > 0) {
		r.add(AspectFirstStatus, value(old.FirstStatus), value(new.FirstStatus), ClassChange)
	}
	if old.Redirects != new.Redirects {
		class := ClassChange
		if new.Redirects < old.Redirects {
			class = ClassImprovement
		}
		r.add(AspectRedirects, old.Redirects, new.Redirects, class)
	}
	if !equal(old.Permanent, new.Permanent) {
		class := ClassChange
		if old.Permanent != nil && *old.Permanent && new.Permanent != nil && !*new.Permanent {
			class = ClassRegression
		}
		r.add(AspectPermanence, permanence(old.Permanent), permanence(new.Permanent), class)
	}
	for _, f := range old.Findings {
		if !hasCode(new.Findings, f.Code) {
			class := ClassChange
			if f.Severity >= inspect.SeverityWarning {
				class = ClassImprovement
			}
			r.add(AspectFinding, f.Code, nil, class)
		}
	}
	for _, f := range new.Findings {
		if !hasCode(old.Findings, f.Code) {
			class := ClassChange
			if f.Severity >= inspect.SeverityWarning {
				class = ClassRegression
			}
			r.add(AspectFinding, nil, f.Code, class)
		}
	}
	for _, o := range old.HSTS {
		for _, n := range new.HSTS {
			if o.Host == n.Host && !o.same(n) {
				class := ClassChange
				if o.weakenedBy(n) {
					class = ClassRegression
				}
				r.add(AspectHSTS, o, n, class)
			}
		}
	}
	if old.Cache != nil && new.Cache != nil && !equal(old.Cache, new.Cache) {
		// Only between two answers: a first hop that got none has no
		// lifetime to compare, and its change is the final status's.
		r.add(AspectCache, cacheValue(old.Cache), cacheValue(new.Cache), ClassChange)
	}
	return r
}

// OnlyOld is the row of a source that the new run lacks; OnlyNew the row
// of one that the old run lacks. Both are changes.
func OnlyOld(old Facts) Row {
	r := Row{Source: old.Source, Method: old.Method, Changes: []Change{}}
	r.add(AspectRow, true, false, ClassChange)
	return r
}

func OnlyNew(new Facts) Row {
	r := Row{Source: new.Source, Method: new.Method, Changes: []Change{}}
	r.add(AspectRow, false, true, ClassChange)
	return r
}

// success: a final response with a 2xx status.
func (f Facts) success() bool {
	return f.Final && f.FinalStatus != nil && *f.FinalStatus >= 200 && *f.FinalStatus < 300
}

func (h HSTS) same(o HSTS) bool {
	return equal(h.MaxAge, o.MaxAge) && h.IncludeSubdomains == o.IncludeSubdomains && h.Preload == o.Preload
}

// weakenedBy: n protects less than h: gone, a shorter max-age, or
// includeSubDomains or preload dropped.
func (h HSTS) weakenedBy(n HSTS) bool {
	if h.MaxAge == nil {
		return false
	}
	return n.MaxAge == nil || *n.MaxAge < *h.MaxAge ||
		h.IncludeSubdomains && !n.IncludeSubdomains || h.Preload && !n.Preload
}

func hasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func equal[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// value is *p, or an untyped nil (JSON null).
func value[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func permanence(p *bool) any {
	switch {
	case p == nil:
		return nil
	case *p:
		return "permanent"
	}
	return "temporary"
}

func cacheValue(p *int64) any {
	switch {
	case p == nil:
		return nil
	case *p == Unbounded:
		return "unbounded"
	}
	return *p
}
