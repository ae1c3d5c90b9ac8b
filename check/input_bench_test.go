package check

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchMap is a 10,000-row migration map as bench/harness writes it.
func benchMap() []byte {
	var b bytes.Buffer
	b.WriteString("source,target,status\n")
	for i := range 10_000 {
		fmt.Fprintf(&b, "http://h%d.test:33925/r/%d/a,http://h%d.test:33925/r/%d/c,301\n", i%200, i, i%200, i)
	}
	return b.Bytes()
}

// BenchmarkReader reads a 10,000-row map: from memory without the linter,
// and from a file with the linter, as hops check does.
func BenchmarkReader(b *testing.B) {
	data := benchMap()
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n := readAll(b, NewReader(bytes.NewReader(data))); n != 10_000 {
				b.Fatalf("%d rows", n)
			}
		}
	})
	b.Run("file-lint", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "map.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			r := NewReader(f)
			r.Lint = NewLinter()
			if n := readAll(b, r); n != 10_000 {
				b.Fatalf("%d rows", n)
			}
			if issues := r.Lint.Issues(); len(issues) != 0 {
				b.Fatalf("lint: %v", issues)
			}
			f.Close()
		}
	})
}

func readAll(b *testing.B, r *Reader) int {
	n := 0
	for {
		row, ok, err := r.Next()
		if err != nil {
			b.Fatal(err)
		}
		if !ok {
			return n
		}
		if row.Err != nil {
			b.Fatalf("row %d: %v", row.N, row.Err)
		}
		n++
	}
}
