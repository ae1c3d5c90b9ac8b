package render

import (
	"fmt"
	"strings"
	"testing"
)

func TestMaskText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://u:pw@h/x", "http://u:****@h/x"},
		{"https://user:p@ss@host:8443/p?q", "https://user:****@host:8443/p?q"},
		{"//u:pw@h/x", "//u:****@h/x"},
		{`\\u:pw@h\x`, `\\u:****@h\x`},
		{`/\u:pw@h`, `/\u:****@h`},
		{"Location \"http://a:b@c/\" and http://d:e@f/g", "Location \"http://a:****@c/\" and http://d:****@f/g"},
		{"http://token@h/", "http://token@h/"}, // a user name alone stays
		{"http://u:@h/", "http://u:@h/"},       // an empty password
		{"mail bob@example.com", "mail bob@example.com"},
		{"http://h/path?next=a:b@c", "http://h/path?next=a:b@c"}, // not in the authority
		{"http://u:****@h/", "http://u:****@h/"},
		// A backslash Location read as a path by an RFC 3986 client.
		{"http://h/%5C%5Cu:pw@h2%5Cx", "http://h/%5C%5Cu:****@h2%5Cx"},
		{"http://h/%5c%2Fu:pw@h2", "http://h/%5c%2Fu:****@h2"},
		{"http://h/?next=http%3A%2F%2Fu%3Apw%40h2", "http://h/?next=http%3A%2F%2Fu%3Apw%40h2"}, // encoded whole: no userinfo to read
		// Encoded slashes in a query are not an authority.
		{"http://h/ok?u=%2F%2Fcdn.example:443&by=me@x.example", "http://h/ok?u=%2F%2Fcdn.example:443&by=me@x.example"},
		// A special scheme without slashes: userinfo to browsers.
		{"https:bob:Secret9@h:1/ok", "https:bob:****@h:1/ok"},
		{`Location "HTTP:bob:pw@h" and wss:/u:p@h2`, `Location "HTTP:bob:****@h" and wss:/u:****@h2`},
		// One escaped backslash after the path's slash (Go, requests: "/\\u:pw@h").
		{"http://h/%5Cu:pw@h2", "http://h/%5Cu:****@h2"},
		{"http://h/dir/%5C/u:pw@h2", "http://h/dir/%5C/u:****@h2"},
		// What browsers read as userinfo and the old mask let through.
		{"//a@b:pw@h/", "//a@b:****@h/"},
		{"https://u:p\tw@h/", "https://u:****@h/"},
		{"http://u:p w@h/", "http://u:****@h/"},
		// A quote is part of a password.
		{"http://u:pa'ss@h/", "http://u:****@h/"},
		{"//bob:Sec'ret9@h/", "//bob:****@h/"},
	}
	for _, tc := range cases {
		if got := MaskText(tc.in); got != tc.want {
			t.Errorf("MaskText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzMaskText: masking twice changes nothing more, and a password put in
// a URL's userinfo (any of the forms browsers read as one) never survives.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"http://u:pw@h/x", `\\u:pw@h`, "https:u:pw@h", "/%5C%5Cu:pw@h", "x http://a@b:c@d/ y", "mail a@b.c"} {
		f.Add(s, "Zq9pw")
	}
	f.Fuzz(func(t *testing.T, text, pw string) {
		once := MaskText(text)
		if twice := MaskText(once); twice != once {
			t.Fatalf("MaskText(%q) = %q, and again %q", text, once, twice)
		}
		if len(pw) < 4 || strings.ContainsAny(pw, "/\\?#@ \t\n\r\f\v\"<>:") || strings.Contains(masked, pw) {
			return
		}
		for _, form := range []string{"http://u:%s@h/", "//u:%s@h/", `\\u:%s@h`, "https:u:%s@h/", "ftp:/u:%s@h"} {
			in := text + " " + fmt.Sprintf(form, pw) + " "
			// Counted with its ":" and "@": the password may also be text of the
			// form ("http").
			if out := MaskText(in); strings.Count(out, ":"+pw+"@") > strings.Count(text+" ", ":"+pw+"@") {
				t.Fatalf("MaskText(%q) = %q keeps the password %q", in, out, pw)
			}
		}
	})
}
