package render

// Options is everything the view depends on besides the chain. The caller
// decides colour and width once (from flags, the environment and the
// terminal); render never looks.
type Options struct {
	Color   bool
	Width   int  // columns; below 40 counts as 40
	Verbose bool // all response headers per hop
	// Body shows the final response's body after the view (--body).
	Body bool
	// ShowSecrets prints credentials and URL passwords as they are
	// (--show-secrets, for local debugging).
	ShowSecrets bool
}

// mask is s with the URL passwords and secrets it quotes masked, unless
// secrets are shown (--show-secrets).
func (o Options) mask(s string) string { return maskIf(!o.ShowSecrets, s) }

func (o Options) width() int {
	if o.Width < 40 {
		return 40
	}
	return o.Width
}
