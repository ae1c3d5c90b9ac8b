// Command ansihtml turns terminal output with SGR colour sequences into an
// HTML page with a dark terminal look, so that docs/screenshot.sh can
// render the coloured view to a picture with headless Chromium.
package main

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
)

// palette is a common dark terminal theme for the 16 ANSI colours.
var palette = [16]string{
	"#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
	"#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea",
}

type state struct {
	bold, faint bool
	fg          int // -1: default
}

func (s state) style() string {
	var parts []string
	if s.fg >= 0 {
		parts = append(parts, "color:"+palette[s.fg])
	}
	if s.bold {
		parts = append(parts, "font-weight:bold")
	}
	if s.faint {
		parts = append(parts, "opacity:0.6")
	}
	return strings.Join(parts, ";")
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprint(w, `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#1d1f21}
pre{margin:0;padding:18px 22px;color:#c5c8c6;font:15px/1.35 "DejaVu Sans Mono",monospace;white-space:pre}
</style></head><body><pre>`)
	st := state{fg: -1}
	open := false
	text := string(data)
	for len(text) > 0 {
		i := strings.Index(text, "\x1b[")
		if i < 0 {
			w.WriteString(html.EscapeString(text))
			break
		}
		w.WriteString(html.EscapeString(text[:i]))
		rest := text[i+2:]
		j := strings.IndexByte(rest, 'm')
		if j < 0 {
			break
		}
		for _, p := range strings.Split(rest[:j], ";") {
			n, _ := strconv.Atoi(p)
			switch {
			case n == 0:
				st = state{fg: -1}
			case n == 1:
				st.bold = true
			case n == 2:
				st.faint = true
			case n == 22:
				st.bold, st.faint = false, false
			case n >= 30 && n <= 37:
				st.fg = n - 30
			case n == 39:
				st.fg = -1
			case n >= 90 && n <= 97:
				st.fg = n - 90 + 8
			}
		}
		if open {
			w.WriteString("</span>")
			open = false
		}
		if s := st.style(); s != "" {
			fmt.Fprintf(w, `<span style="%s">`, s)
			open = true
		}
		text = rest[j+1:]
	}
	if open {
		w.WriteString("</span>")
	}
	fmt.Fprint(w, "</pre></body></html>\n")
}
