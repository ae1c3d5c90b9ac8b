//go:build difftest

package difftest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// outcome is how a client's run ended, for the record.
type outcome struct {
	Exit int    // process exit status (0 for the in-process Go client)
	Note string // the client's own status or error, short
}

// client is one real HTTP client and how to run it.
type client struct {
	Name    string // column of the table
	Profile string // hops --as NAME
	Bin     string // the binary it needs ("" for in-process)
	// Names: the client can map host names to loopback itself.
	Names bool
	// Only limits the scenarios the client runs (nil: all).
	Only func(sc *scenario) bool
	// Variant is curl's: "" (-d implies POST), "X" (-X POST), "post30x".
	Variant string
	// run sends one scenario's request; batch sends many in one process
	// (an interpreter's start costs more than its requests).
	run     func(ctx context.Context, sc *scenario, e *env, url string) outcome
	batch   func(ctx context.Context, jobs []job) []outcome
	version func() string
	// missing says why the client cannot run here ("" when it can).
	missing func() string
}

var (
	testdata, _ = filepath.Abs("testdata")
	nodeDir, _  = filepath.Abs("node")
	python      string // a python3 that imports requests, else any
)

func onlyPOST(sc *scenario) bool { return sc.Class == "methods" && sc.Method == "POST" }

var clientsOnce = sync.OnceValue(makeClients)

// clients lists the real clients, made once so that results can point at them.
func clients() []*client { return clientsOnce() }

func makeClients() []*client {
	curl := func(name, variant string, only func(*scenario) bool) *client {
		return &client{Name: name, Profile: "curl", Bin: "curl", Names: true, Variant: variant, Only: only,
			run: func(ctx context.Context, sc *scenario, e *env, url string) outcome {
				args := append([]string{"-sS", "-L", "-o", "/dev/null", "--max-time", "8"}, requestFlags(sc, e, url, variant)...)
				return runProcess(ctx, nil, "curl", args...)
			},
			version: func() string { return firstLine("curl", "--version") },
		}
	}
	node := func(name, kind, profile string) *client {
		return &client{Name: name, Profile: profile, Bin: "node",
			batch: func(ctx context.Context, jobs []job) []outcome {
				return runBatch(ctx, []string{"NODE_EXTRA_CA_CERTS=" + certs.caFile}, scriptJobs(jobs), len(jobs),
					"node", filepath.Join(nodeDir, "client.mjs"), kind)
			},
			version: func() string {
				v := "Node " + firstLine("node", "--version")
				if kind == "fetch" {
					return v + " (undici " + firstLine("node", "-p", "process.versions.undici") + ")"
				}
				return kind + " " + nodePackageVersion(kind) + ", " + v
			},
			missing: func() string {
				if kind == "fetch" {
					return ""
				}
				if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", kind, "package.json")); err != nil {
					return "difftest/node/node_modules/" + kind + " missing: run npm ci --prefix difftest/node"
				}
				return ""
			},
		}
	}
	return []*client{
		curl("curl", "", nil),
		curl("curl-X", "X", onlyPOST),
		curl("curl-post30x", "post30x", onlyPOST),
		{Name: "wget", Profile: "wget", Bin: "wget",
			run: func(ctx context.Context, sc *scenario, e *env, url string) outcome {
				args := []string{"-q", "-O", "/dev/null", "--timeout=8", "--tries=1", "--no-hsts", "--ca-certificate=" + certs.caFile}
				if sc.Method != "GET" {
					args = append(args, "--method="+sc.Method)
				}
				if sc.Body != "" {
					args = append(args, "--body-data="+sc.Body)
				}
				for _, h := range sc.Headers {
					args = append(args, "--header="+h)
				}
				return runProcess(ctx, nil, "wget", append(args, url)...)
			},
			version: func() string { return firstLine("wget", "--version") },
		},
		{Name: "python-requests", Profile: "python-requests", Bin: "python3",
			batch: func(ctx context.Context, jobs []job) []outcome {
				return runBatch(ctx, nil, scriptJobs(jobs), len(jobs), python, filepath.Join(testdata, "requests_client.py"))
			},
			version: func() string {
				return "requests " + firstLine(python, "-c", "import requests; print(requests.__version__)") +
					", Python " + firstLine(python, "-c", "import platform; print(platform.python_version())")
			},
			missing: func() string {
				if exec.Command(python, "-c", "import requests").Run() != nil {
					return "python3 cannot import requests: apt-get install python3-requests"
				}
				return ""
			},
		},
		{Name: "httpie", Profile: "httpie", Bin: "http",
			// The `http` program's own main (httpie.core.main) is called
			// once per request inside one interpreter, with the argument
			// list `http` would get.
			batch: func(ctx context.Context, jobs []job) []outcome {
				var argvs [][]string
				for _, j := range jobs {
					args := []string{"--follow", "--ignore-stdin", "--quiet", "--timeout=8", "--verify=" + certs.caFile}
					if j.sc.Body != "" {
						args = append(args, "--raw="+j.sc.Body)
					}
					args = append(args, j.sc.Method, j.url)
					for _, h := range j.sc.Headers {
						name, value, _ := strings.Cut(h, ":")
						args = append(args, name+":"+strings.TrimSpace(value))
					}
					argvs = append(argvs, args)
				}
				b, _ := json.Marshal(argvs)
				return runBatch(ctx, nil, b, len(jobs), interpreterOf("http"), filepath.Join(testdata, "httpie_batch.py"))
			},
			version: func() string { return "HTTPie " + firstLine("http", "--version") },
		},
		{Name: "urllib", Profile: "urllib", Bin: "python3",
			batch: func(ctx context.Context, jobs []job) []outcome {
				return runBatch(ctx, nil, scriptJobs(jobs), len(jobs), python, filepath.Join(testdata, "urllib_client.py"))
			},
			version: func() string {
				return "urllib.request, Python " + firstLine(python, "-c", "import platform; print(platform.python_version())")
			},
		},
		node("node", "fetch", "node"),
		node("node-fetch", "node-fetch", "node-fetch"),
		node("axios", "axios", "axios"),
		{Name: "go", Profile: "go", Names: true, run: runGo,
			version: func() string { return "net/http, " + runtime.Version() }},
	}
}

// requestFlags are the curl flags of a scenario's request, which are
// hops's flags too.
func requestFlags(sc *scenario, e *env, url, variant string) []string {
	var args []string
	switch {
	case sc.Method == "HEAD":
		args = append(args, "-I")
	case sc.Method == "POST" && sc.Body != "" && variant != "X":
	case sc.Method != "GET":
		args = append(args, "-X", sc.Method)
	}
	if sc.Body != "" {
		args = append(args, "-d", sc.Body)
	}
	if variant == "post30x" {
		args = append(args, "--post301", "--post302", "--post303")
	}
	for _, h := range sc.Headers {
		args = append(args, "-H", h)
	}
	for _, r := range e.resolve() {
		args = append(args, "--resolve", r)
	}
	return append(args, "--cacert", certs.caFile, url)
}

// job is one scenario's request to send on its run's servers.
type job struct {
	sc  *scenario
	e   *env
	url string
}

// scriptJobs is the standard input of the scripts: a JSON list of jobs.
func scriptJobs(jobs []job) []byte {
	var list []map[string]any
	for _, j := range jobs {
		var body *string
		if j.sc.Body != "" {
			body = &j.sc.Body
		}
		headers := j.sc.Headers
		if headers == nil {
			headers = []string{}
		}
		list = append(list, map[string]any{"method": j.sc.Method, "url": j.url, "body": body,
			"headers": headers, "cafile": certs.caFile})
	}
	b, _ := json.Marshal(list)
	return b
}

// runBatch runs one process for many jobs: stdin in, one JSON line out per
// job, in order ({"status"}, {"error"} or {"exit", "stderr"}).
func runBatch(ctx context.Context, extraEnv []string, stdin []byte, n int, name string, args ...string) []outcome {
	slots <- struct{}{}
	defer func() { <-slots }()
	ctx, cancel := context.WithTimeout(ctx, batchTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), extraEnv...)
	cmd.WaitDelay = time.Second
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	outs := make([]outcome, n)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i := range outs {
		if i >= len(lines) || lines[i] == "" {
			outs[i] = outcome{Exit: -1, Note: fmt.Sprintf("no answer from the batch (%v): %s", err, lastLine(errb.String()))}
			continue
		}
		var v struct {
			Exit   *int
			Stderr string
		}
		json.Unmarshal([]byte(lines[i]), &v)
		outs[i].Note = lines[i]
		if v.Exit != nil {
			outs[i] = outcome{Exit: *v.Exit, Note: lastLine(v.Stderr)}
		}
	}
	return outs
}

// interpreterOf is the interpreter of a script on PATH (its #! line).
func interpreterOf(name string) string {
	path, err := exec.LookPath(name)
	if err != nil {
		return name
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("#!")) {
		return "python3"
	}
	line, _, _ := strings.Cut(string(b[2:]), "\n")
	f := strings.Fields(line)
	if len(f) == 0 {
		return "python3"
	}
	if filepath.Base(f[0]) == "env" && len(f) > 1 {
		return f[1]
	}
	return f[0]
}

// procTimeout bounds every client process, batchTimeout one that sends
// all of a client's requests.
const (
	procTimeout  = 15 * time.Second
	batchTimeout = 45 * time.Second
)

// slots bounds the client processes running at once.
var slots = make(chan struct{}, 2*runtime.NumCPU())

func runProcess(ctx context.Context, extraEnv []string, name string, args ...string) outcome {
	slots <- struct{}{}
	defer func() { <-slots }()
	ctx, cancel := context.WithTimeout(ctx, procTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), extraEnv...)
	cmd.WaitDelay = time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	o := outcome{Note: lastLine(out.String())}
	if s := lastLine(errb.String()); s != "" {
		o.Note = strings.TrimSpace(o.Note + " " + s)
	}
	if ctx.Err() != nil {
		o.Exit, o.Note = -1, "timed out after "+procTimeout.String()
		return o
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		o.Exit = ee.ExitCode()
	} else if err != nil {
		o.Exit, o.Note = -1, err.Error()
	}
	return o
}

// runGo sends the request with Go's http.Client as a program would: the
// default redirect policy and no cookie jar; only the transport is told
// the test CA and the loopback names.
func runGo(ctx context.Context, sc *scenario, e *env, url string) outcome {
	names := map[string]string{}
	for _, r := range e.resolve() {
		i := strings.LastIndexByte(r, ':')
		names[r[:i]] = net.JoinHostPort(r[i+1:], strconv.Itoa(e.A.Port))
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: certs.caPool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if a, ok := names[addr]; ok {
				addr = a
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 8 * time.Second}
	var body io.Reader
	if sc.Body != "" {
		body = strings.NewReader(sc.Body)
	}
	req, err := http.NewRequestWithContext(ctx, sc.Method, url, body)
	if err != nil {
		return outcome{Exit: 1, Note: err.Error()}
	}
	for _, h := range sc.Headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	res, err := c.Do(req)
	if err != nil {
		return outcome{Exit: 1, Note: err.Error()}
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return outcome{Note: fmt.Sprintf(`{"status": %d}`, res.StatusCode)}
}

func firstLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

func nodePackageVersion(pkg string) string {
	b, err := os.ReadFile(filepath.Join(nodeDir, "node_modules", pkg, "package.json"))
	if err != nil {
		return "missing"
	}
	var p struct{ Version string }
	json.Unmarshal(b, &p)
	return p.Version
}
