package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	field "github.com/hops-cli/hops/header"
)

// usageError is bad input from the user: exit status 2, one line, which
// points at the help of the command that was typed (cmd, set by App.Run;
// "" for hops itself). A file that cannot be read (noHint) is not a
// question the help answers: its line says only what failed.
type usageError struct {
	err    error
	cmd    string
	noHint bool
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// fileErrorf is usagef for a file (or a map's URL) named on the command
// line that cannot be opened, created, read or fetched.
func fileErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), noHint: true}
}

// hint is the line's pointer to the help, with its leading space.
func (e *usageError) hint() string {
	switch {
	case e.noHint:
		return ""
	case e.cmd != "":
		return " (see 'hops " + e.cmd + " --help')"
	}
	return " (see 'hops --help')"
}

// maxBody bounds a request body read from a file or stdin: it is kept in
// memory to be replayed on 307/308 hops.
const maxBody = 64 << 20

// header is one parsed -H value. Remove is curl's "Name:" (no value), which
// removes a header hops would otherwise send.
type header struct {
	Name, Value string
	Remove      bool
}

// parseHeader parses a -H value the way curl does: "Name: value" sets,
// "Name:" removes a default header, "Name;" sends it empty.
func parseHeader(s string) (header, error) {
	i := strings.IndexAny(s, ":;")
	if i <= 0 {
		return header{}, fmt.Errorf("-H %q: want 'Name: value'", quotedArg(s))
	}
	name := strings.TrimSpace(s[:i])
	if !field.IsToken(name) {
		return header{}, fmt.Errorf("-H %q: %q is not a valid header name", quotedArg(s), quotedArg(name))
	}
	rest := s[i+1:]
	if s[i] == ';' {
		if strings.TrimSpace(rest) != "" {
			return header{}, fmt.Errorf("-H %q: want 'Name: value' ('Name;' sends an empty header)", quotedArg(s))
		}
		return header{Name: name}, nil
	}
	value := strings.Trim(rest, " \t")
	if strings.ContainsAny(value, "\r\n\x00") {
		return header{}, fmt.Errorf("-H %q: a header value cannot contain CR, LF or NUL", quotedArg(s))
	}
	if value == "" {
		return header{Name: name, Remove: true}, nil
	}
	return header{Name: name, Value: value}, nil
}

// quotedArg is a -H value as an error may quote it: a value that starts
// with a credential header's name keeps only the name, since a mistyped
// "Authorization Bearer TOKEN" still holds the token.
func quotedArg(s string) string {
	t := strings.TrimSpace(s)
	for _, name := range []string{"Proxy-Authorization", "Authorization", "Cookie"} {
		if len(t) >= len(name) && strings.EqualFold(t[:len(name)], name) {
			return t[:len(name)] + " ****"
		}
	}
	return s
}

// readHeaders expands -H values, including curl's -H @FILE (one header a
// line), into parsed headers.
func readHeaders(values []string, stdin io.Reader) ([]header, error) {
	var out []header
	for _, v := range values {
		if strings.HasPrefix(v, "@") {
			data, err := readAt(v[1:], stdin, "-H")
			if err != nil {
				return nil, err
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			for sc.Scan() {
				line := strings.TrimRight(sc.Text(), "\r")
				if strings.TrimSpace(line) == "" {
					continue
				}
				h, err := parseHeader(line)
				if err != nil {
					return nil, err
				}
				out = append(out, h)
			}
			continue
		}
		h, err := parseHeader(v)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// applyHeaders puts parsed headers on h: later values of the same name are
// added, "Name:" removes.
func applyHeaders(h http.Header, hs []header) {
	for _, x := range hs {
		switch {
		case x.Remove:
			h.Del(x.Name)
			h[http.CanonicalHeaderKey(x.Name)] = nil
		default:
			h.Add(x.Name, x.Value)
		}
	}
}

// dataArg is one -d, --data-raw or --data-binary value.
type dataArg struct {
	value string
	// at is true when a leading @ names a file (or - for stdin).
	at bool
	// strip removes CR and LF from a file's content, as curl's -d does.
	strip bool
	// urlencode is --data-urlencode.
	urlencode bool
	// flag is the flag's name, for errors ("--data-binary").
	flag string
}

// readBody joins the data arguments with '&', as curl does. It returns nil
// when there are none.
func readBody(args []dataArg, stdin io.Reader) ([]byte, error) {
	if len(args) == 0 {
		return nil, nil
	}
	var parts [][]byte
	for _, a := range args {
		if a.urlencode {
			data, err := urlencodeData(a.value, stdin)
			if err != nil {
				return nil, err
			}
			parts = append(parts, data)
			continue
		}
		if a.at && strings.HasPrefix(a.value, "@") {
			flag := a.flag
			if flag == "" {
				flag = "--data"
			}
			data, err := readAt(a.value[1:], stdin, flag)
			if err != nil {
				return nil, err
			}
			if a.strip {
				data = bytes.ReplaceAll(data, []byte("\r"), nil)
				data = bytes.ReplaceAll(data, []byte("\n"), nil)
			}
			parts = append(parts, data)
			continue
		}
		parts = append(parts, []byte(a.value))
	}
	body := bytes.Join(parts, []byte("&"))
	if body == nil {
		body = []byte{}
	}
	return body, nil
}

// readAt reads the file of an @FILE argument, or stdin for "-".
func readAt(name string, stdin io.Reader, flag string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, usagef("read %s @-: no standard input", flag)
		}
		r = stdin
	} else {
		if name == "" {
			return nil, usagef("read %s @FILE: no file name after @", flag)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, fileErrorf("read %s file: %w", flag, unwrapPathError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fileErrorf("read %s file %q: is a directory", flag, name)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, fileErrorf("read %s %q: %w", flag, name, err)
	}
	if len(data) > maxBody {
		return nil, usagef("read %s %q: larger than %d MiB", flag, name, maxBody>>20)
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %q: %w", pe.Op, pe.Path, pe.Err)
	}
	return err
}

// parseDuration accepts Go durations ("1.5s", "500ms") and, like curl, a
// plain number of seconds ("10", "0.5").
func parseDuration(flag, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f <= 0 || f > 1e6 {
			return 0, usagef("%s %q: want a positive duration such as 10s or 500ms", flag, s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usagef("%s %q: want a positive duration such as 10s or 500ms", flag, s)
	}
	return d, nil
}

// agents are the --agent presets.
var agents = map[string]string{
	"browser":          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
	"chrome":           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
	"firefox":          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
	"safari":           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15",
	"iphone":           "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
	"googlebot":        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"googlebot-mobile": "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"bingbot":          "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
	"curl":             "curl/8.17.0",
}

// browserAgents also send a browser's Accept header, since servers often
// choose the redirect from it.
var browserAgents = map[string]bool{"browser": true, "chrome": true, "firefox": true, "safari": true, "iphone": true}

// agentList is the presets in the order help and completion show them.
var agentList = []string{"browser", "chrome", "firefox", "safari", "iphone", "googlebot", "googlebot-mobile", "bingbot", "curl"}

func agentNames() string {
	return strings.Join(agentList, ", ")
}

// cookieHeader builds the Cookie header of curl's -b values: NAME=VALUE
// pairs as they are, anything without "=" a cookie file (Netscape format,
// as curl and browsers export it, or one NAME=VALUE a line), joined after
// a Cookie the user set with -H.
func cookieHeader(values []string, existing string) (string, error) {
	var parts []string
	if existing != "" {
		parts = append(parts, existing)
	}
	for _, v := range values {
		if strings.Contains(v, "=") {
			parts = append(parts, strings.TrimSpace(v))
			continue
		}
		data, err := os.ReadFile(v)
		if err != nil {
			// The value is not echoed: it may be a cookie typed without
			// its "=" ("sid abc123"), a secret.
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return "", usagef("-b: not NAME=VALUE and not a readable cookie file (%v); the value is not shown: it may be a cookie", err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "#HttpOnly_") {
				continue
			}
			if f := strings.Split(line, "\t"); len(f) == 7 {
				parts = append(parts, f[5]+"="+f[6]) // domain, flag, path, secure, expiry, name, value
				continue
			}
			if strings.Contains(line, "=") {
				parts = append(parts, strings.TrimSpace(line))
				continue
			}
			// The line is not echoed: it holds a cookie's value.
			return "", usagef("-b %q: line %d is neither NAME=VALUE nor a Netscape cookie line (7 fields separated by tabs)", v, n+1)
		}
	}
	return strings.Join(parts, "; "), nil
}
