package walk

import (
	"crypto/tls"
	"crypto/x509"
	"sync"
	"time"
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

// cipherNames maps crypto/tls's cipher suites to their names. Its
// CipherSuiteName builds both lists of suites anew to search them, a few
// dozen allocations a hop over HTTPS.
var cipherNames = sync.OnceValue(func() map[uint16]string {
	m := make(map[uint16]string)
	for _, c := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		m[c.ID] = c.Name
	}
	return m
})

// cipherName is tls.CipherSuiteName(id), looked up.
func cipherName(id uint16) string {
	if name, ok := cipherNames()[id]; ok {
		return name
	}
	return tls.CipherSuiteName(id) // "0x1234" for a suite crypto/tls does not know
}

// verified remembers what verifyChain said of a chain under -k. Verifying
// (signatures up to a root, the host name) was 12% of the CPU of a bulk
// check over HTTPS with -k, where the same few chains come back at every
// hop. An answer is used again for the same certificates as presented,
// host and roots, only while no certificate of the chain passes its
// NotBefore or NotAfter and for a minute at most (the roots' own
// validity is the only other thing that can change it with time).
var verified = struct {
	sync.Mutex
	m map[verifyKey]verifyAnswer
}{m: make(map[verifyKey]verifyAnswer)}

// verifyKey is a chain of at most four certificates as presented, by
// pointer (see leafNames), for a host against roots.
type verifyKey struct {
	chain [4]*x509.Certificate
	host  string
	roots *x509.CertPool
}

type verifyAnswer struct {
	err      string
	from, to time.Time // no certificate's validity changes in [from, to), to at most a minute on
}

// verifyChainOnce is verifyChain, remembered as verified says.
func verifyChainOnce(cs *tls.ConnectionState, host string, roots *x509.CertPool) string {
	certs := cs.PeerCertificates
	if len(certs) == 0 || len(certs) > len(verifyKey{}.chain) {
		return verifyChain(cs, host, roots)
	}
	k := verifyKey{host: host, roots: roots}
	copy(k.chain[:], certs)
	now := time.Now()
	verified.Lock()
	a, ok := verified.m[k]
	verified.Unlock()
	if ok && !now.Before(a.from) && now.Before(a.to) {
		return a.err
	}
	a = verifyAnswer{err: verifyChain(cs, host, roots)}
	a.from, a.to = validityAround(certs, now)
	verified.Lock()
	if len(verified.m) >= certNamesMax {
		clear(verified.m)
	}
	verified.m[k] = a
	verified.Unlock()
	return a.err
}

// validityAround is the span around now, a minute long at most, in which
// no certificate of certs becomes valid or expires.
func validityAround(certs []*x509.Certificate, now time.Time) (from, to time.Time) {
	to = now.Add(time.Minute)
	for _, c := range certs {
		for _, b := range []time.Time{c.NotBefore, c.NotAfter} {
			switch {
			case !b.After(now) && b.After(from):
				from = b
			case b.After(now) && b.Before(to):
				to = b
			}
		}
	}
	return from, to
}
