package page

import (
	"bytes"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// treeSignals is readHTML done the slow way, as the reference it must
// agree with: the tree builder's document, the first canonical link in
// its <head>, and whether a robots meta anywhere forbids indexing
// (template content skipped in both).
func treeSignals(body []byte, pageURL, crawler string) (canonical string, noindex bool) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return "", false
	}
	var walk func(n *html.Node, f func(*html.Node) bool) bool
	walk = func(n *html.Node, f func(*html.Node) bool) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.Namespace != "" {
				continue
			}
			if !f(c) {
				return false
			}
			if c.DataAtom != atom.Template && !walk(c, f) {
				return false
			}
		}
		return true
	}
	attrs := func(n *html.Node) map[string]string {
		m := map[string]string{}
		for _, a := range n.Attr {
			if _, dup := m[a.Key]; !dup && a.Namespace == "" {
				m[a.Key] = a.Val
			}
		}
		return m
	}
	walk(doc, func(n *html.Node) bool {
		if n.DataAtom != atom.Head {
			return true
		}
		walk(n, func(l *html.Node) bool {
			a := attrs(l)
			if l.DataAtom == atom.Link && hasToken(a["rel"], "canonical") {
				canonical = resolveCanonical(pageURL, a["href"])
			}
			return canonical == ""
		})
		return false
	})
	walk(doc, func(n *html.Node) bool {
		if n.DataAtom == atom.Meta && metaForbids(attrs(n)["name"], attrs(n)["content"], crawler) != "" {
			noindex = true
		}
		return !noindex
	})
	return canonical, noindex
}

var treeSeeds = []string{
	`<link rel=canonical href=/a>`,
	`<html><head><title>t</title></head><link rel=canonical href=/after-head><body>`,
	`<head></head> <!-- c --> <link rel=canonical href=/after-head-space>`,
	`<head><title>x</title><div></div><link rel=canonical href=/in-body>`,
	`text first<link rel=canonical href=/in-body>`,
	`<head><noscript><link rel=canonical href=/ns></noscript><link rel=canonical href=/ok>`,
	`<head><template><link rel=canonical href=/tpl></template><link rel=canonical href=/ok>`,
	`<head><template><p>x</template><link rel=canonical href=/ok>`,
	`<head><script>"<link rel=canonical href=/s>"</script><link rel=canonical href=/ok>`,
	`<head><title><link rel=canonical href=/t></title></head>`,
	`<head></body><link rel=canonical href=/after-end-body>`,
	`<head></p><link rel=canonical href=/stray-end-tag>`,
	`<head><svg><link rel=canonical href=/svg></svg>`,
	`<head><link rel=canonical><link rel=canonical href=""><link rel=canonical href="http://[::1"><link rel=canonical href=/fourth>`,
	`<head><link rel=canonical href=/a href=/b>`,
	`<frameset><link rel=canonical href=/f>`,
	`<body><meta name=robots content=noindex>`,
	`<p><select><meta name=robots content=noindex></select>`,
	`<svg><meta name=robots content=noindex></svg>`,
	`<template><meta name=robots content=noindex></template>`,
	`<noscript><meta name=robots content=noindex></noscript>`,
	`<textarea><meta name=robots content=noindex></textarea>`,
	`<plaintext><meta name=robots content=noindex>`,
	`<meta name=googlebot content=none>`,
	`<table><meta name=robots content=noindex><link rel=canonical href=/t></table>`,
	"<head>\x00<link rel=canonical href=/nul>",
	"<head>\f\r\n\t <link rel=canonical href=/space>",
	"<head>\v<link rel=canonical href=/vtab>",
	`<head>&nbsp;<link rel=canonical href=/nbsp>`,
	`<head>&#32;<link rel=canonical href=/ref-space>`,
	`<!doctype html><!-- x --><html lang=en><head><meta charset=utf-8><base href=/b/><link rel=canonical href=c>`,
	`<head><META NAME="Robots" CONTENT="NOINDEX"></head><body><p>text`,
}

// TestReadHTMLMatchesTree: the one-pass reader finds the canonical link
// the tree builder puts in <head>, and every robots meta it keeps.
func TestReadHTMLMatchesTree(t *testing.T) {
	for _, s := range treeSeeds {
		for _, crawler := range []string{"", "googlebot"} {
			checkAgainstTree(t, s, crawler)
		}
	}
}

// checkAgainstTree fails when readHTML and the tree disagree on the
// canonical link, or when the tree has a robots meta that forbids indexing
// and readHTML misses it. (The reader may see one the tree builder drops,
// such as a meta inside <select>: erring towards the warning.)
func checkAgainstTree(t *testing.T, body, crawler string) {
	t.Helper()
	const pageURL = "https://example.com/dir/p"
	canonical, _, noindex := readHTML([]byte(body), pageURL, crawler)
	treeCanonical, treeNoindex := treeSignals([]byte(body), pageURL, crawler)
	if canonical != treeCanonical {
		t.Errorf("%q: canonical %q; the tree's is %q", body, canonical, treeCanonical)
	}
	if treeNoindex && noindex == "" {
		t.Errorf("%q (crawler %q): the tree has a robots meta that forbids indexing, the reader none", body, crawler)
	}
}

func FuzzReadHTMLMatchesTree(f *testing.F) {
	for _, s := range treeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, crawler := range []string{"", "googlebot"} {
			checkAgainstTree(t, body, crawler)
		}
	})
}
