package href

import "testing"

// Benchmarks of the fast paths on the shapes most hops see: a
// path-absolute Location against a canonical base, and a canonical URL.

func BenchmarkResolveLocationPathAbsolute(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ResolveLocation("http://h1.test:8080/r/1/a", "/r/1/b?x=1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseURLCanonical(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL("https://www.example.com/shop/item?id=42"); err != nil {
			b.Fatal(err)
		}
	}
}
