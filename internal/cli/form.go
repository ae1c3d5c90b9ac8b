package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// formArg is one -F or --form-string value.
type formArg struct {
	value string
	// literal is --form-string: no @, < or ;type= meaning.
	literal bool
}

// bodyArgsOf reads the body flags as typed. Each flag's Value is the kind
// of part it makes (a *dataArg or a *formArg); -d, --data-raw,
// --data-binary and --data-urlencode make one list, joined in the order
// they were typed as curl joins them, and -F and --form-string another.
func bodyArgsOf(c *Context) bodyArgs {
	var b bodyArgs
	for _, g := range c.given {
		switch kind := g.flag.Value.(type) {
		case *dataArg:
			a := *kind
			a.value = g.value
			a.flag = "--" + g.flag.Name
			b.data = append(b.data, a)
		case *formArg:
			a := *kind
			a.value = g.value
			b.form = append(b.form, a)
		}
	}
	return b
}

// urlencodeData is one --data-urlencode value, read as curl 7.88 reads it:
// "content" and "=content" send the content encoded, "name=content" sends
// name=encoded, "@file" and "name@file" read the content from a file (or
// stdin for -), newlines kept. The name is sent as typed.
func urlencodeData(v string, stdin io.Reader) ([]byte, error) {
	i := strings.IndexAny(v, "=@")
	if i < 0 {
		return curlEscape([]byte(v)), nil
	}
	name, content := v[:i], []byte(v[i+1:])
	if v[i] == '@' {
		var err error
		if content, err = readAt(v[i+1:], stdin, "--data-urlencode"); err != nil {
			return nil, err
		}
	}
	enc := curlEscape(content)
	if name == "" {
		return enc, nil
	}
	return append([]byte(name+"="), enc...), nil
}

// curlEscape percent-encodes all but ALPHA, DIGIT and -._~, with a space
// as '+', which is what curl 7.88 sends for --data-urlencode (seen on the
// wire: "a b+c/*" becomes "a+b%2Bc%2F%2A").
func curlEscape(b []byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	out := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			out = append(out, c)
		case c == ' ':
			out = append(out, '+')
		default:
			out = append(out, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return out
}

// formPart is one part of a multipart/form-data body.
type formPart struct {
	name, filename, ctype string
	hasFilename           bool
	headers               []string
	content               []byte
}

// buildForm encodes -F and --form-string arguments as curl does: each part
// in typed order, CRLF line ends, a boundary of 24 dashes and 16 hex
// digits. It returns the body and its boundary.
func buildForm(args []formArg, stdin io.Reader) ([]byte, string, error) {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, "", fmt.Errorf("form boundary: %w", err)
	}
	boundary := strings.Repeat("-", 24) + hex.EncodeToString(rnd[:])
	var body bytes.Buffer
	for _, a := range args {
		p, err := parseFormArg(a, stdin)
		if err != nil {
			return nil, "", err
		}
		body.WriteString("--" + boundary + "\r\n")
		body.WriteString(`Content-Disposition: form-data; name="` + formEscape(p.name) + `"`)
		if p.hasFilename {
			body.WriteString(`; filename="` + formEscape(p.filename) + `"`)
		}
		body.WriteString("\r\n")
		if p.ctype != "" {
			body.WriteString("Content-Type: " + p.ctype + "\r\n")
		}
		for _, h := range p.headers {
			body.WriteString(h + "\r\n")
		}
		body.WriteString("\r\n")
		body.Write(p.content)
		body.WriteString("\r\n")
		if body.Len() > maxBody {
			return nil, "", usagef("-F: the form is larger than %d MiB", maxBody>>20)
		}
	}
	body.WriteString("--" + boundary + "--\r\n")
	return body.Bytes(), boundary, nil
}

// parseFormArg reads NAME=VALUE, NAME=@FILE (an attached file) or
// NAME=<FILE (a field read from a file), each optionally followed by
// ;type=, ;filename= and ;headers= parameters; a value may be quoted to
// hold a ';'. curl drops a parameter it does not know with a warning; hops
// refuses it, since the part would not be what was typed.
func parseFormArg(a formArg, stdin io.Reader) (formPart, error) {
	name, rest, ok := strings.Cut(a.value, "=")
	if !ok {
		if a.literal {
			return formPart{}, usagef("--form-string %q: want NAME=VALUE", a.value)
		}
		return formPart{}, usagef("-F %q: want NAME=VALUE, NAME=@FILE or NAME=<FILE", a.value)
	}
	p := formPart{name: name}
	if a.literal {
		p.content = []byte(rest)
		return p, nil
	}
	kind := byte(0)
	if rest != "" && (rest[0] == '@' || rest[0] == '<') {
		kind, rest = rest[0], rest[1:]
	}
	value, params, err := formWord(rest)
	if err != nil {
		return p, usagef("-F %q: %v", a.value, err)
	}
	explicitType := false
	for params != "" {
		var param string
		// params starts after a ';'; a parameter's value may be quoted.
		key, after, ok := strings.Cut(params, "=")
		if !ok {
			return p, usagef("-F %q: parameter %q is not KEY=VALUE (quote the value to keep a ';')", a.value, strings.TrimSpace(params))
		}
		param, params, err = formWord(after)
		if err != nil {
			return p, usagef("-F %q: %v", a.value, err)
		}
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "type":
			p.ctype, explicitType = param, true
		case "filename":
			p.filename, p.hasFilename = param, true
		case "headers":
			if !strings.Contains(param, ":") {
				return p, usagef("-F %q: headers=%q is not 'Name: value'", a.value, param)
			}
			p.headers = append(p.headers, param)
		default:
			return p, usagef("-F %q: unknown parameter %q (type=, filename= and headers= are known; quote the value to keep a ';')", a.value, strings.TrimSpace(key))
		}
	}
	switch kind {
	case '@', '<':
		data, err := readAt(value, stdin, "-F")
		if err != nil {
			return p, err
		}
		p.content = data
		if kind == '@' && !p.hasFilename {
			p.filename, p.hasFilename = value, true
			if value != "-" {
				p.filename = filepath.Base(value)
			}
		}
	default:
		p.content = []byte(value)
	}
	if !explicitType {
		// curl 7.88: an attached file is typed by its name's extension,
		// application/octet-stream otherwise; stdin, a <FILE field and a
		// plain value only by a filename= extension.
		p.ctype = typeForFilename(p.filename)
		if p.ctype == "" && kind == '@' && value != "-" {
			p.ctype = "application/octet-stream"
		}
	}
	return p, nil
}

// formWord reads one value up to an unquoted ';' and returns it with what
// follows that ';'. A value that starts with '"' ends at the next
// unescaped '"', with \" and \\ as escapes.
func formWord(s string) (word, rest string, err error) {
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch c := s[i]; {
			case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
				i++
				b.WriteByte(s[i])
			case c == '"':
				after := s[i+1:]
				if after == "" {
					return b.String(), "", nil
				}
				if after[0] != ';' {
					return "", "", fmt.Errorf("text after the closing quote: %q", after)
				}
				return b.String(), after[1:], nil
			default:
				b.WriteByte(c)
			}
		}
		return "", "", fmt.Errorf("no closing quote")
	}
	word, rest, _ = strings.Cut(s, ";")
	return word, rest, nil
}

// formEscape escapes a name or filename in Content-Disposition as curl
// 7.88 and browsers do: '"' as %22, CR as %0D, LF as %0A.
func formEscape(s string) string {
	return strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace(s)
}

// typeForFilename is curl's short table of types by extension.
func typeForFilename(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".gif":
		return "image/gif"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain"
	case ".htm", ".html":
		return "text/html"
	case ".pdf":
		return "application/pdf"
	case ".xml":
		return "application/xml"
	}
	return ""
}
