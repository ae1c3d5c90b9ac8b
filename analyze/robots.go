package analyze

import "github.com/hops-cli/hops/inspect"

// robots reports a hop whose URL the crawler's robots.txt disallows.
func (a *analysis) robots(h *inspect.Hop) {
	r := h.Robots
	if r == nil || r.Allowed {
		return
	}
	group := "the " + r.Token + " group"
	if r.Token == "*" {
		group = "the * group (any crawler)"
	}
	switch {
	case r.Rule != "":
		a.add(inspect.CodeRobotsBlocked, h.N, "%s is disallowed by %q (line %d of %s, %s): a crawler never requests it", h.URL, clip(r.Rule), r.Line, r.RobotsURL, group)
	default:
		a.add(inspect.CodeRobotsBlocked, h.N, "%s is disallowed: %s %s, so a crawler requests nothing on that host", h.URL, r.RobotsURL, r.Note)
	}
}
