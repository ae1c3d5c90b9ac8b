package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// TestDemoServe: --serve keeps the lab up, writes its CA and prints
// commands that work as printed; Ctrl-C stops it with status 0.
func TestDemoServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"hops", "demo", "--serve", "upgrade", "api-308"}, nil, pw, io.Discard, func(string) string { return "" })
		pw.Close()
	}()
	var commands []string
	var ca string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "CA:"); ok {
			ca = strings.TrimSpace(rest)
		}
		if strings.HasPrefix(line, "hops ") && strings.Contains(line, "://") {
			commands = append(commands, line)
		}
		if len(commands) == 2 {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if _, err := os.Stat(ca); err != nil {
		t.Fatalf("CA file %q: %v", ca, err)
	}
	for _, c := range commands {
		if !strings.Contains(c, "--cacert "+ca) {
			t.Errorf("command lacks --cacert: %s", c)
		}
		args := shellSplit(t, c)
		r := runHops(t, append([]string{"--json"}, args[1:]...)...)
		if r.code != exitOK {
			t.Errorf("%s: exit %d, findings %v", c, r.code, r.codes())
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("demo --serve ended with %d; want 0", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("demo --serve did not stop")
	}
	if _, err := os.Stat(ca); err == nil {
		t.Errorf("the CA file %s outlived the lab", ca)
	}
}

// shellSplit splits the simple single-quoted command lines demo prints.
func shellSplit(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			inQuote, has = !inQuote, true
		case c == ' ' && !inQuote:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteByte(c)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}
