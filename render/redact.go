package render

import (
	"errors"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
)

// redact returns a copy of the chain with every secret masked: URL
// passwords wherever a URL may stand (URLs, Location and Refresh values,
// header values, finding messages, errors) and the values of credential
// headers. Every output renders from it, so no view has to remember.
func redact(c *inspect.Chain) *inspect.Chain {
	r := *c
	r.Request.URL = MaskText(c.Request.URL)
	r.Request.Header = MaskHeaders(c.Request.Header)
	r.RefusedWhy = MaskText(c.RefusedWhy)
	r.Hops = make([]inspect.Hop, len(c.Hops))
	for i := range c.Hops {
		r.Hops[i] = redactHop(&c.Hops[i])
	}
	r.Findings = make([]inspect.Finding, len(c.Findings))
	for i, f := range c.Findings {
		f.Message = MaskText(f.Message)
		r.Findings[i] = f
	}
	return &r
}

func redactHop(h *inspect.Hop) inspect.Hop {
	r := *h
	r.URL = MaskText(h.URL)
	if h.Header != nil {
		r.Header = MaskHeaders(h.Header)
	}
	if h.RequestHeader != nil {
		r.RequestHeader = MaskHeaders(h.RequestHeader)
	}
	if h.Location != nil {
		r.Location = make([]string, len(h.Location))
		for i, l := range h.Location {
			r.Location[i] = MaskText(l)
		}
	}
	if h.Next != nil {
		n := *h.Next
		n.Raw, n.URL, n.GoURL = MaskText(n.Raw), MaskText(n.URL), MaskText(n.GoURL)
		n.GoErr = redactErr(n.GoErr)
		r.Next = &n
	}
	if h.Refresh != nil {
		r.Refresh = make([]inspect.Refresh, len(h.Refresh))
		for i, x := range h.Refresh {
			x.URL, x.Raw = MaskText(x.URL), MaskText(x.Raw)
			r.Refresh[i] = x
		}
	}
	r.Err = redactErr(h.Err)
	r.BodyErr = redactErr(h.BodyErr)
	r.LocationErr = redactErr(h.LocationErr)
	r.LocationRead = MaskText(h.LocationRead)
	return r
}

// redactErr masks an error's text, keeping a HopError's kind.
func redactErr(err error) error {
	if err == nil {
		return nil
	}
	msg := MaskText(err.Error())
	if msg == err.Error() {
		return err
	}
	var he *inspect.HopError
	if errors.As(err, &he) {
		return &inspect.HopError{Kind: he.Kind, Msg: msg, Err: errors.New(msg)}
	}
	return errors.New(msg)
}

// redactResult masks a check result: its row's URLs, its reason and its
// chain.
func redactResult(res check.Result) check.Result {
	res.Row.Source = MaskText(res.Row.Source)
	res.Row.Target = MaskText(res.Row.Target)
	res.Reason = MaskText(res.Reason)
	if res.Row.Err != nil {
		res.Row.Err = redactErr(res.Row.Err)
	}
	if res.Chain != nil {
		res.Chain = redact(res.Chain)
	}
	return res
}
