package walk

import (
	"crypto/x509"
	"sync"
)

// leafNames is the subject and issuer of a server certificate as
// strings. Formatting a distinguished name builds and escapes every
// attribute; a hop over HTTPS did it twice, which was 6% of the CPU of a
// bulk check over HTTPS, where a whole run meets a few certificates over
// and over: crypto/tls hands every connection with the same certificate
// the same parsed *x509.Certificate, so they are remembered by pointer.
type leafNames struct {
	subject, issuer string
}

// certNamesMax bounds the certificates remembered; past it the cache
// starts again (a run over more hosts than that formats some twice).
const certNamesMax = 256

var certNames = struct {
	sync.Mutex
	m map[*x509.Certificate]leafNames
}{m: make(map[*x509.Certificate]leafNames)}

// namesOf returns the subject and issuer of leaf as pkix.Name's String
// writes them.
func namesOf(leaf *x509.Certificate) leafNames {
	certNames.Lock()
	n, ok := certNames.m[leaf]
	certNames.Unlock()
	if ok {
		return n
	}
	n = leafNames{subject: leaf.Subject.String(), issuer: leaf.Issuer.String()}
	certNames.Lock()
	if len(certNames.m) >= certNamesMax {
		clear(certNames.m)
	}
	certNames.m[leaf] = n
	certNames.Unlock()
	return n
}
