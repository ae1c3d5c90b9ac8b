package render

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hops-cli/hops/inspect"
)

// theme is the only place that names a colour. Every style comes from one
// renderer whose profile follows Options.Color, so nothing consults the
// process's own terminal.
type theme struct {
	renderer                         *lipgloss.Renderer
	bold, dim, url, label            lipgloss.Style
	ok, redirect, permanent, client  lipgloss.Style
	serverErr, errorS, warning, info lipgloss.Style
	changed                          lipgloss.Style
	// The timing bar's phases; the time line writes each phase's name in
	// its colour, so the bar explains itself.
	barDNS, barConnect, barTLS, barWait lipgloss.Style
	barBody, barFail                    lipgloss.Style
}

func newTheme(w io.Writer, color bool) theme {
	r := lipgloss.NewRenderer(w)
	// Fixed answers, so the renderer never queries a terminal.
	r.SetHasDarkBackground(true)
	if color {
		r.SetColorProfile(termenv.ANSI)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	s := r.NewStyle
	fg := func(c string) lipgloss.Style { return s().Foreground(lipgloss.Color(c)) }
	return theme{
		renderer:   r,
		bold:       s().Bold(true),
		dim:        s().Faint(true),
		url:        fg("6"),
		label:      s().Faint(true),
		ok:         fg("2").Bold(true),
		redirect:   fg("3").Bold(true),
		permanent:  fg("5").Bold(true),
		client:     fg("1").Bold(true),
		serverErr:  fg("1").Bold(true),
		errorS:     fg("1").Bold(true),
		warning:    fg("3").Bold(true),
		info:       fg("4"),
		changed:    fg("3").Bold(true),
		barDNS:     fg("6"),
		barConnect: fg("3"),
		barTLS:     fg("5"),
		barWait:    fg("2"),
		barBody:    fg("4"),
		barFail:    fg("1"),
	}
}

// status styles a status code by class; permanent and temporary redirects
// differ.
func (t theme) status(code int) lipgloss.Style {
	switch {
	case code == 301 || code == 308:
		return t.permanent
	case code >= 300 && code < 400:
		return t.redirect
	case code >= 200 && code < 300:
		return t.ok
	case code >= 400:
		return t.serverErr
	}
	return t.bold
}

func (t theme) severity(s inspect.Severity) lipgloss.Style {
	switch s {
	case inspect.SeverityError:
		return t.errorS
	case inspect.SeverityWarning:
		return t.warning
	case inspect.SeverityInfo:
		return t.info
	}
	return t.dim
}

// symbol carries a severity without colour.
func symbol(s inspect.Severity) string {
	switch s {
	case inspect.SeverityError:
		return "✗"
	case inspect.SeverityWarning:
		return "!"
	case inspect.SeverityInfo:
		return "i"
	}
	return "·"
}
