package walk

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"strings"
	"testing"
	"time"
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

// TestCipherName: the names crypto/tls gives, secure or not, and its hex
// form for a suite it does not know.
func TestCipherName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id   uint16
		want string
	}{
		{tls.TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256"},
		{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
		{tls.TLS_RSA_WITH_RC4_128_SHA, "TLS_RSA_WITH_RC4_128_SHA"},
		{0x1234, "0x1234"},
	} {
		if got := cipherName(tc.id); got != tc.want {
			t.Errorf("cipherName(%#04x) = %q; want %q", tc.id, got, tc.want)
		}
	}
}

// TestVerifyChainOnce: a remembered answer is the one verifyChain gives,
// for that chain, host and roots only.
func TestVerifyChainOnce(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	state := func(c tls.Certificate) *tls.ConnectionState {
		leaf, err := x509.ParseCertificate(c.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		return &tls.ConnectionState{PeerCertificates: []*x509.Certificate{leaf}}
	}
	good := state(ca.leaf(t, "good.test", time.Now().Add(24*time.Hour)))
	old := state(ca.leaf(t, "old.test", time.Now().Add(-time.Hour)))
	empty := x509.NewCertPool()
	for round := range 2 {
		for _, tc := range []struct {
			cs     *tls.ConnectionState
			host   string
			roots  *x509.CertPool
			prefix string
		}{
			{good, "good.test", ca.pool, ""},
			{good, "other.test", ca.pool, "x509: certificate is valid for good.test, not other.test"},
			{good, "good.test", empty, "x509: certificate signed by unknown authority"},
			{old, "old.test", ca.pool, "x509: certificate has expired or is not yet valid: current time "},
		} {
			got := verifyChainOnce(tc.cs, tc.host, tc.roots)
			if tc.prefix == "" && got != "" || !strings.HasPrefix(got, tc.prefix) {
				t.Errorf("round %d, %s: %q; want %q...", round, tc.host, got, tc.prefix)
			}
		}
	}
}

func TestValidityAround(t *testing.T) {
	t.Parallel()
	at := func(h int) time.Time { return time.Date(2026, 12, 1, h, 0, 0, 0, time.UTC) }
	now := at(12)
	certs := []*x509.Certificate{
		{NotBefore: at(1), NotAfter: at(20)},
		{NotBefore: at(9), NotAfter: at(23)},
		{NotBefore: at(12), NotAfter: at(13)}, // valid since exactly now
	}
	from, to := validityAround(certs, now)
	if !from.Equal(at(12)) || !to.Equal(now.Add(time.Minute)) {
		t.Errorf("from %v, to %v; want 12:00 and 12:01", from, to)
	}
	certs = append(certs, &x509.Certificate{NotBefore: at(2), NotAfter: now.Add(30 * time.Second)})
	if _, to := validityAround(certs, now); !to.Equal(now.Add(30 * time.Second)) {
		t.Errorf("to %v; want 12:00:30, when a certificate expires", to)
	}
	if from, _ := validityAround(certs[:2], now); !from.Equal(at(9)) {
		t.Errorf("from %v; want 09:00, the latest NotBefore before now", from)
	}
}
