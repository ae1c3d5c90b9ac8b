package cli

import (
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
)

// A standard input that fails to read is named as such, not as a write
// to diff's temporary file, and leaves no temporary file behind.
func TestStdinFileReadError(t *testing.T) {
	for _, c := range []struct {
		name string
		in   io.Reader
		want string
	}{
		{"error", iotest.ErrReader(errors.New("boom")), "diff: read standard input: boom"},
		{"directory", io.MultiReader(strings.NewReader(`{"a":`), iotest.ErrReader(&os.PathError{Op: "read", Path: "/dev/stdin", Err: syscall.EISDIR})),
			"diff: read standard input: is a directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("TMPDIR", dir)
			name, err := stdinFile(c.in)
			if err == nil || err.Error() != c.want {
				t.Fatalf("stdinFile = %q, %v; want error %q", name, err, c.want)
			}
			var ue *usageError
			if !errors.As(err, &ue) || ue.hint() != "" {
				t.Errorf("error %v is not a file error without a help hint", err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	t.Run("copied", func(t *testing.T) {
		t.Setenv("TMPDIR", t.TempDir())
		name, err := stdinFile(strings.NewReader("{}\n"))
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(name)
		if b, err := os.ReadFile(name); err != nil || string(b) != "{}\n" {
			t.Errorf("temporary file holds %q, %v; want %q", b, err, "{}\n")
		}
	})
}
