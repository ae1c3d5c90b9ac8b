package walk

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"testing"
)

// TestNamesOfCertificates: the names are pkix.Name's String form, right
// for each certificate however many the cache has seen and forgotten.
func TestNamesOfCertificates(t *testing.T) {
	t.Parallel()
	a := &x509.Certificate{
		Subject: pkix.Name{CommonName: "a.test", Organization: []string{"Hops, Test"}},
		Issuer:  pkix.Name{CommonName: "hops test CA", Country: []string{"NL"}},
	}
	b := &x509.Certificate{Subject: pkix.Name{CommonName: "b.test"}, Issuer: pkix.Name{CommonName: "other CA"}}
	wantA := leafNames{subject: `CN=a.test,O=Hops\, Test`, issuer: "CN=hops test CA,C=NL"}
	wantB := leafNames{subject: "CN=b.test", issuer: "CN=other CA"}
	for round := range 3 {
		if got := namesOf(a); got != wantA {
			t.Fatalf("round %d: a: %+v, want %+v", round, got, wantA)
		}
		if got := namesOf(b); got != wantB {
			t.Fatalf("round %d: b: %+v, want %+v", round, got, wantB)
		}
		// More certificates than the cache keeps, so that it starts again.
		for i := range certNamesMax + 1 {
			c := &x509.Certificate{Subject: pkix.Name{CommonName: fmt.Sprintf("c%d.test", i)}}
			if got := namesOf(c).subject; got != fmt.Sprintf("CN=c%d.test", i) {
				t.Fatalf("c%d: %q", i, got)
			}
		}
	}
}
