package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFilesNeverEatInput: --junit and --html never overwrite the map,
// the baseline or each other, and a run that ends in a usage error leaves an
// earlier run's reports as they were (a report is emptied only when it is
// written), with nothing else left in their directory.
func TestReportFilesNeverEatInput(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	dir := t.TempDir()
	mapText := "source,target\n" + srv.URL + "/a," + srv.URL + "/a\n"
	mapFile := filepath.Join(dir, "map.csv")
	base := filepath.Join(dir, "base.jsonl")
	old := filepath.Join(dir, "old.xml")
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	write(mapFile, mapText)
	write(old, "<testsuites/>\n")
	if r := runHops(t, "check", "-s", "--json", mapFile); r.code != 0 {
		t.Fatalf("first run: exit %d, %s", r.code, r.stderr)
	} else {
		write(base, r.stdout)
	}
	baseText, _ := os.ReadFile(base)
	sameMap := filepath.Join(dir, ".", "map.csv") // the same file, spelt otherwise
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--junit", mapFile, mapFile}, "hops: the map and --junit name the same file (" + mapFile + ")\n"},
		{[]string{"--html", sameMap, mapFile}, "hops: the map and --html name the same file (" + sameMap + ")\n"},
		{[]string{"--baseline", base, "--junit", base, mapFile}, "hops: --baseline and --junit name the same file (" + base + ")\n"},
		{[]string{"--junit", old, "--html", old, mapFile}, "hops: --junit and --html name the same file (" + old + ")\n"},
		{[]string{"--junit", "-", mapFile}, "hops: --junit -: standard output holds the check's own report; give a file name (see 'hops check --help')\n"},
		{[]string{"--html", "-", mapFile}, "hops: --html -: standard output holds the check's own report; give a file name (see 'hops check --help')\n"},
		{[]string{"--baseline", "-", mapFile}, "hops: --baseline takes the file of an earlier hops check --json run, not standard input (see 'hops check --help')\n"},
		{[]string{"--junit", dir, mapFile}, "hops: --junit: open \"" + dir + "\": is a directory\n"},
		// A run given where the map belongs.
		{[]string{base}, "hops: check " + base + ": this is JSON, as hops --json and hops check --json write, not a map; compare two runs with hops diff OLD NEW, or a map's run with an earlier one with check --baseline OLD MAP (see 'hops check --help')\n"},
		// The input fails after the report was opened: the old one stays.
		{[]string{"--junit", old, "--html", filepath.Join(dir, "new.html"), filepath.Join(dir, "nope.csv")},
			"hops: check: open \"" + filepath.Join(dir, "nope.csv") + "\": no such file or directory\n"},
	} {
		r := runHops(t, append([]string{"check", "-s"}, tc.args...)...)
		if r.code != 2 || r.stderr != tc.stderr {
			t.Errorf("check %q: exit %d, stderr %q; want exit 2, %q", tc.args, r.code, r.stderr, tc.stderr)
		}
	}
	for name, want := range map[string]string{mapFile: mapText, base: string(baseText), old: "<testsuites/>\n"} {
		if got, _ := os.ReadFile(name); string(got) != want {
			t.Errorf("%s now holds %q; want %q", name, got, want)
		}
	}
	if got := dirNames(dir); got != "base.jsonl map.csv old.xml" {
		t.Errorf("directory holds %s; want base.jsonl map.csv old.xml", got)
	}

	// A run that ends writes its reports in place: an existing file keeps
	// its permissions, a new one is readable by others, as os.Create makes it.
	// An earlier report longer than the new one leaves nothing behind.
	fresh := filepath.Join(dir, "fresh.html")
	write(old, strings.Repeat("<!-- an earlier, longer report -->\n", 1000))
	if r := runHops(t, "check", "-s", "--junit", old, "--html", fresh, mapFile); r.code != 0 {
		t.Fatalf("run with reports: exit %d, %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(old); !strings.HasPrefix(string(got), "<?xml") || !strings.Contains(string(got), `<testsuites name="hops check" tests="1" failures="0" errors="0"`) || !strings.HasSuffix(string(got), "</testsuites>\n") {
		t.Errorf("junit report:\n%s", got)
	}
	if got, _ := os.ReadFile(fresh); !strings.HasPrefix(string(got), "<!doctype html>\n") {
		t.Errorf("html report starts %.60q", got)
	}
	for name, want := range map[string]os.FileMode{old: 0o640, fresh: 0o644} {
		if st, err := os.Stat(name); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v); want %v", name, st.Mode().Perm(), err, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		t.Errorf("directory holds %d files after the run; want 4 (no other file left)", len(entries))
	}

	// The map redirected to standard input is the map all the same.
	in, err := os.Open(mapFile)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd := exec.Command(hopsBinary(t), "check", "-s", "--junit", mapFile, "-")
	cmd.Stdin = in
	stderr, err := cmd.CombinedOutput()
	if want := "hops: --junit names the file the map is read from on standard input (" + mapFile + ")\n"; cmd.ProcessState.ExitCode() != 2 || string(stderr) != want {
		t.Errorf("check --junit map.csv - < map.csv: %v, %q; want exit 2, %q", err, stderr, want)
	}
	if got, _ := os.ReadFile(mapFile); string(got) != mapText {
		t.Errorf("map.csv now holds %q", got)
	}

	// Both reports may go to /dev/null (written, never read back).
	if r := runHops(t, "check", "-s", "--junit", os.DevNull, "--html", os.DevNull, mapFile); r.code != 0 {
		t.Errorf("both reports to %s: exit %d, %s", os.DevNull, r.code, r.stderr)
	}

	// A report named by a symbolic link is written where the link points,
	// and the link stays, as os.Create would have it.
	elsewhere := filepath.Join(t.TempDir(), "report.xml")
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	if r := runHops(t, "check", "-s", "--junit", link, mapFile); r.code != 0 {
		t.Fatalf("run with a linked report: exit %d, %s", r.code, r.stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.xml is no longer a link: %v", err)
	}
	if got, _ := os.ReadFile(elsewhere); !strings.Contains(string(got), "<testsuites") {
		t.Errorf("the link's target holds %q", got)
	}
}

// TestReportFileInPlaceAtItsEnd: a report written in pieces (the HTML
// report streams rows as they come) replaces an earlier, longer file whole
// when it ends; one that never ends (the run failed halfway) leaves an
// earlier file as it was and removes a file it made, also the file a
// dangling link pointed at, and keeps the link.
func TestReportFileInPlaceAtItsEnd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.html")
	const report = "<!doctype html>\nrows\nend\n"
	if err := os.WriteFile(old, []byte("an earlier report, longer than the new one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(r *reportFile) {
		t.Helper()
		for _, piece := range []string{"<!doctype html>\n", "rows\n", "end\n"} {
			if _, err := r.Write([]byte(piece)); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, err := createReport("html", old)
	if err != nil {
		t.Fatal(err)
	}
	write(r)
	if got, _ := os.ReadFile(old); string(got) != "an earlier report, longer than the new one\n" {
		t.Errorf("before its end the file holds %q", got)
	}
	// The report so far has no name: a run killed now leaves nothing.
	if _, err := os.Stat(r.spool.Name()); !os.IsNotExist(err) {
		t.Errorf("the temporary file %s has a name: %v", r.spool.Name(), err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r.discard()
	if got, _ := os.ReadFile(old); string(got) != report {
		t.Errorf("report holds %q", got)
	}

	halfway, err := createReport("html", old)
	if err != nil {
		t.Fatal(err)
	}
	write(halfway)
	halfway.discard()
	made, err := createReport("junit", filepath.Join(dir, "new.xml"))
	if err != nil {
		t.Fatal(err)
	}
	write(made)
	made.discard()
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink("target.xml", link); err != nil {
		t.Fatal(err)
	}
	dangling, err := createReport("junit", link)
	if err != nil {
		t.Fatal(err)
	}
	dangling.discard()
	if got, _ := os.ReadFile(old); string(got) != report {
		t.Errorf("a report that did not end changed the file: %q", got)
	}
	if got := dirNames(dir); got != "link.xml old.html" {
		t.Errorf("directory holds %s; want link.xml old.html", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is gone: %v", err)
	}
}

// dirNames lists what dir holds, in order, spaced.
func dirNames(dir string) string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
