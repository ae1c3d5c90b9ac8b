//go:build difftest

package difftest

import (
	"fmt"
	"strconv"
	"strings"
)

// renderReport writes the record of what each real client did, as
// Markdown: versions, agreement with hops, a summary per scenario class
// and every run in full.
func renderReport(results []*result) string {
	var b strings.Builder
	cls := clients()
	byKey := map[string]*result{}
	var scs []*scenario
	seen := map[*scenario]bool{}
	for _, r := range results {
		byKey[r.sc.Class+"/"+r.sc.Name+" "+r.cl.Name] = r
		if !seen[r.sc] {
			seen[r.sc] = true
			scs = append(scs, r.sc)
		}
	}
	get := func(sc *scenario, cl *client) *result { return byKey[sc.Class+"/"+sc.Name+" "+cl.Name] }

	b.WriteString("# What real HTTP clients do with redirects\n\n")
	b.WriteString("Written by `HOPS_DIFFTEST=1 go test -tags difftest ./difftest/ -run . -v` (difftest/diff_test.go): each client\n" +
		"was run against a loopback server that records every request as received. A = http 127.0.0.1:pA,\n" +
		"B = http 127.0.0.1:pB (another port), C = http 127.0.0.2:pC (another host), T = https 127.0.0.1:pT,\n" +
		"site.test and sub.site.test = names mapped to A by the client itself (curl --resolve, a Go dialer).\n" +
		"Requests: `+body` the body was sent, `+auth` Authorization was sent, `+cookie(...)` the Cookie header\n" +
		"received (c=user was given by the user, s=server was set by the 3xx).\n\n")

	b.WriteString("## Clients\n\n| client | version | hops --as |\n|---|---|---|\n")
	for _, cl := range cls {
		v := "skipped"
		if cl.Bin == "" || anyRan(results, cl) {
			v = cl.version()
		} else if r := firstSkip(results, cl); r != "" {
			v = "skipped: " + r
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cl.Name, cell(v), cl.Profile)
	}

	b.WriteString("\n## Agreement with hops\n\n")
	b.WriteString("| client | profile | agree/total | hops |\n|---|---|---|---|\n")
	for _, cl := range cls {
		agree, total := 0, 0
		for _, r := range results {
			if r.cl == cl && r.hopsRan {
				total++
				if r.agree {
					agree++
				}
			}
		}
		note := "compared"
		if total == 0 {
			if ok, why := hopsAs(cl.Profile); !ok {
				note = "not compared: " + why
			} else {
				note = "not compared"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %d/%d | %s |\n", cl.Name, cl.Profile, agree, total, cell(note))
	}
	var dis []string
	for _, r := range results {
		if r.hopsRan && !r.agree {
			exp := "not listed in expected-divergences.txt"
			if r.expected != "" {
				exp = "expected: " + r.expected
			}
			dis = append(dis, fmt.Sprintf("- %s/%s, %s (%s):\n  - %s: `%s`\n  - hops %s: `%s` (exit %d: %s)",
				r.sc.Class, r.sc.Name, r.cl.Name, exp, r.cl.Name, sequence(r.reqs), r.hopsArg, sequence(r.hops),
				r.hopsOut.Exit, r.hopsOut.Note))
		}
	}
	if len(dis) > 0 {
		b.WriteString("\nDisagreements (the real client is right):\n\n" + strings.Join(dis, "\n") + "\n")
	}

	// Summaries: one row per scenario, one column per client.
	summary := func(title, class string, f func(sc *scenario, r *result) string) {
		b.WriteString("\n## " + title + "\n\n| scenario |")
		var cols []*client
		for _, cl := range cls {
			for _, sc := range scs {
				if sc.Class == class && get(sc, cl) != nil {
					cols = append(cols, cl)
					break
				}
			}
		}
		for _, cl := range cols {
			b.WriteString(" " + cl.Name + " |")
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
		for _, sc := range scs {
			if sc.Class != class {
				continue
			}
			b.WriteString("| " + sc.Name + " |")
			for _, cl := range cols {
				r := get(sc, cl)
				switch {
				case r == nil:
					b.WriteString(" |")
				case r.skip != "":
					b.WriteString(" skipped |")
				default:
					b.WriteString(" " + cell(f(sc, r)) + " |")
				}
			}
			b.WriteString("\n")
		}
	}
	summary("Methods: the second request (after METHOD-STATUS)", "methods", func(sc *scenario, r *result) string {
		if len(r.reqs) < 2 {
			return "not followed"
		}
		s := r.reqs[1].Method
		if len(r.reqs[1].Body) > 0 {
			s += " +body"
		}
		return s
	})
	summary("Credentials: what each later request carried (a = Authorization, c = user's cookie, s = server's cookie)", "credentials",
		func(sc *scenario, r *result) string {
			if len(r.reqs) < 2 {
				return "not followed"
			}
			var parts []string
			for _, q := range r.reqs[1:] {
				var f []string
				if q.Authorization != "" {
					f = append(f, "a")
				}
				if strings.Contains(q.Cookie, "c=user") {
					f = append(f, "c")
				}
				if strings.Contains(q.Cookie, "s=server") {
					f = append(f, "s")
				}
				if len(f) == 0 {
					f = append(f, "none")
				}
				parts = append(parts, q.Origin+": "+strings.Join(f, " "))
			}
			return strings.Join(parts, "; ")
		})
	summary("Redirect limits: requests sent for a chain of N redirects (N+1 = followed to the end)", "limits",
		func(sc *scenario, r *result) string {
			n, _ := strconv.Atoi(strings.TrimPrefix(sc.Name, "chain-"))
			s := strconv.Itoa(len(r.reqs))
			if len(r.reqs) == n+1 {
				return s + " landed"
			}
			return s + " stopped"
		})
	summary("Location: the second request (origin and request-target as received)", "location",
		func(sc *scenario, r *result) string {
			if len(r.reqs) < 2 {
				return "not followed"
			}
			return r.reqs[1].Origin + " `" + strings.Trim(strconv.Quote(r.reqs[1].Target), `"`) + "`"
		})

	b.WriteString("\n## Every run\n")
	for _, sc := range scs {
		fmt.Fprintf(&b, "\n### %s/%s\n\n%s\n\n| client | requests received | outcome | hops |\n|---|---|---|---|\n",
			sc.Class, sc.Name, describe(sc))
		for _, cl := range cls {
			r := get(sc, cl)
			if r == nil {
				continue
			}
			if r.skip != "" {
				fmt.Fprintf(&b, "| %s | skipped: %s | | |\n", cl.Name, cell(r.skip))
				continue
			}
			h := "not run"
			if r.hopsRan {
				h = "agrees"
				if !r.agree {
					h = "differs: `" + sequence(r.hops) + "`"
				}
			}
			fmt.Fprintf(&b, "| %s | `%s` | exit %d %s | %s |\n", cl.Name, cell(sequence(r.reqs)), r.out.Exit,
				cell(r.out.Note), cell(h))
		}
	}
	return b.String()
}

func describe(sc *scenario) string {
	s := sc.Method
	if sc.Body != "" {
		s += fmt.Sprintf(" with body %q", sc.Body)
	}
	if len(sc.Headers) > 0 {
		s += ", headers " + strings.Join(sc.Headers, "; ")
	}
	e := &env{A: &origin{Label: "A", IP: "127.0.0.1", Port: 60001}, B: &origin{Label: "B", IP: "127.0.0.1", Port: 60002},
		C: &origin{Label: "C", IP: "127.0.0.2", Port: 60003}, T: &origin{Label: "T", IP: "127.0.0.1", Port: 60004, TLS: true}}
	start := sc.Start(e)
	var first *resp
	if sc.Handle != nil {
		q := &rec{Origin: "A", Method: sc.Method}
		switch {
		case strings.HasPrefix(start, "https://"):
			q.Origin = "T"
		case strings.Contains(start, apexName):
			q.Origin = apexName
		}
		u := start[strings.Index(start[len("https://"):], "/")+len("https://"):]
		u, _, _ = strings.Cut(u, "#")
		q.Target = u
		first = sc.Handle(e, q)
	}
	s += ", to " + start
	if first != nil {
		s += fmt.Sprintf("; first answer %d %s", first.Status, strconv.Quote(strings.Join(first.Header, "; ")))
	}
	return e.symbolic(s) + "."
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func anyRan(results []*result, cl *client) bool {
	for _, r := range results {
		if r.cl == cl && r.skip == "" {
			return true
		}
	}
	return false
}

func firstSkip(results []*result, cl *client) string {
	for _, r := range results {
		if r.cl == cl && r.skip != "" {
			return r.skip
		}
	}
	return ""
}
