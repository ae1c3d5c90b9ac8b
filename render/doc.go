// Package render turns a walked inspect.Chain into text: the terminal view,
// one line per hop (--brief), the final URL (--final) and the JSON of
// schema_version 1. It is a pure function of its input: it never touches the
// network, the environment or the terminal, and it writes only to the
// io.Writer it is given. Colour and width arrive in Options, decided once by
// the caller.
//
// Everything a server sent (URLs, reason phrases, headers, body excerpts)
// passes through Escape before it is styled, so a server cannot move the
// cursor, retitle the window or recolour the terminal; and credential
// values pass through the masks of mask.go before they are written anywhere.
package render
