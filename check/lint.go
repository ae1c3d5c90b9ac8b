package check

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Lint codes: what a map says about itself before anything is fetched.
const (
	LintDuplicate   = "duplicate-source"    // one source on several rows, one target
	LintConflict    = "conflicting-targets" // one source, two targets
	LintChained     = "chained-target"      // a target is another row's source
	LintCycle       = "map-cycle"           // sources and targets that lead back
	LintIncomplete  = "lint-incomplete"     // more rows than the linter keeps
	maxLintedSource = 500_000
)

// LintIssue is one thing wrong with a map as written.
type LintIssue struct {
	Code    string
	Rows    []int // the rows involved, in input order
	Message string
}

// Linter collects a map's rows as they are read and, at the end, names
// duplicate sources, a source with two targets, targets that are sources of
// other rows (a chain built into the map) and cycles. It lints the rows of
// the first maxLintedSource distinct sources and says so when it stops.
//
// It keeps no URL: of a row, a 32-bit hash of its source and of its
// target and its row number, 12 bytes (a check of 100,000 rows kept some
// 22 MB of strings before). The hashes point at the few rows that may
// share a source or lead into another; only their strings are fetched and
// compared, so that a hash collision never makes a finding. When the
// Reader can read its input again (a regular file), even the hashes are
// made at the end, from the file read again, and a run keeps nothing of
// its rows but their number and a checksum; otherwise the linter keeps
// the hashes and a compact copy of the strings as the rows come (standard
// input, a download, a sitemap).
type Linter struct {
	// mu: an interrupted check ends while its reader goroutine may still
	// be in Add (a read of stdin cannot be cancelled).
	mu   sync.Mutex
	hash func(string) uint64 // maphash with a seed of its own; tests collide it

	src, tgt chunked[uint32] // per kept row, by key; tgt 0: no target
	row      chunked[int32]

	// Past max kept rows, seen holds the distinct source hashes (at most
	// max of them) and rows with a source not among them are dropped:
	// those sources come after the first max distinct ones.
	max        int
	seen       map[uint32]struct{}
	filtered   int // the first dropped row; 0: none
	filteredAt int // the number of rows kept before it

	// reread reads the input again from its start, when the Reader can;
	// set before the first row. Add then only counts and sums the rows.
	reread func(yield func(Row) bool) error
	added  int
	sum    maphash.Hash
	// copy keeps the strings of the rows kept when the input cannot be
	// read again.
	copy stringStore

	done   bool
	issues []LintIssue
}

// NewLinter returns an empty linter.
func NewLinter() *Linter {
	seed := maphash.MakeSeed()
	return &Linter{max: maxLintedSource, hash: func(s string) uint64 { return maphash.String(seed, s) }}
}

// Add takes one row. Malformed rows are not linted: they are reported as
// rows already. The reader has already serialised sources and targets as
// the WHATWG URL standard does, so equal strings are the URLs SameURL
// calls equal (scheme and host case, default ports).
func (l *Linter) Add(row Row) {
	if row.Err != nil || row.Source == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.done:
	case l.reread != nil:
		l.added++
		sumRow(&l.sum, row)
	case l.keep(row):
		l.copy.add(row.Source, row.Target)
	}
}

// keep keeps a row's keys, unless its source comes after the first max
// distinct sources.
func (l *Linter) keep(row Row) bool {
	sh := l.key(row.Source)
	if l.seen == nil && l.src.len() >= l.max {
		// Until now every row was kept: as many sources as rows at most.
		l.seen = make(map[uint32]struct{}, l.max)
		for i := range l.src.len() {
			l.seen[l.src.at(i)] = struct{}{}
		}
	}
	if l.seen != nil {
		if _, ok := l.seen[sh]; !ok {
			if len(l.seen) >= l.max {
				// A source unlike all the sources before it, of which
				// there are max at least.
				if l.filtered == 0 {
					l.filtered, l.filteredAt = row.N, l.src.len()
				}
				return false
			}
			l.seen[sh] = struct{}{}
		}
	}
	var th uint32
	if row.Target != "" {
		th = l.key(row.Target)
	}
	l.src.add(sh)
	l.tgt.add(th)
	l.row.add(int32(row.N))
	return true
}

// sumRow adds a row to a checksum of the rows a linter was given, which
// the rows read again must match.
func sumRow(h *maphash.Hash, row Row) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(row.N))
	h.Write(n[:])
	h.WriteString(row.Source)
	h.WriteByte(0)
	h.WriteString(row.Target)
	h.WriteByte(0)
}

// rekey reads the input again and keeps the keys of the rows Add was
// given, as Add would have.
func (l *Linter) rekey() error {
	var sum maphash.Hash
	sum.SetSeed(l.sum.Seed())
	n := 0
	err := l.reread(func(row Row) bool {
		if row.Err != nil || row.Source == "" {
			return true
		}
		if n == l.added {
			return false // read after the run stopped
		}
		n++
		sumRow(&sum, row)
		l.keep(row)
		return true
	})
	if err != nil {
		return fmt.Errorf("read the map again: %w", err)
	}
	if n != l.added || sum.Sum64() != l.sum.Sum64() {
		return errChanged
	}
	return nil
}

var errChanged = errors.New("the file changed while it was checked")

// key is a URL's hash in 32 bits, never 0 (which stands for no target).
// 32 bits are enough: a collision costs a string fetched and compared,
// a few dozen of them at 500,000 rows.
func (l *Linter) key(url string) uint32 {
	h := l.hash(url)
	return max(uint32(h)^uint32(h>>32), 1)
}

// rereadFrom makes the linter read the input again at the end instead
// of keeping anything of its rows; only before the first row.
func (l *Linter) rereadFrom(reread func(yield func(Row) bool) error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.src.len() == 0 && l.filtered == 0 {
		l.reread = reread
	}
}

// Issues returns what is wrong, in the order of the rows involved. The
// first call ends the linter: rows added after it are not linted.
func (l *Linter) Issues() []LintIssue {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.done = true
		l.issues = l.lint()
		l.src, l.tgt, l.row, l.copy, l.seen = chunked[uint32]{}, chunked[uint32]{}, chunked[int32]{}, stringStore{}, nil
	}
	return slices.Clone(l.issues)
}

// lintSource is a distinct source whose strings were fetched: one that
// may be on several rows or lead into another row.
type lintSource struct {
	url     string
	recs    []int32      // its kept rows' indexes, in input order
	targets []lintTarget // distinct targets, first seen first
	next    int          // the source its first target is; -1: none
}

type lintTarget struct {
	url  string
	row  int32
	hash uint32
}

// hashRec is a kept row's source hash and index, sorted to find the rows
// that share a hash.
type hashRec struct {
	hash uint32
	rec  int32
}

func (l *Linter) lint() []LintIssue {
	if l.reread != nil && l.added > 0 {
		if err := l.rekey(); err != nil {
			return []LintIssue{l.unread(err)}
		}
	}
	n := l.src.len()
	if n == 0 {
		if l.filtered != 0 {
			return []LintIssue{l.incomplete(l.filtered)}
		}
		return nil
	}
	byHash := make([]hashRec, n)
	for i := range byHash {
		byHash[i] = hashRec{l.src.at(i), int32(i)}
	}
	slices.SortFunc(byHash, func(a, b hashRec) int { return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.rec, b.rec)) })
	// find returns where the run of rows with source hash h starts, -1
	// when no row has it.
	find := func(h uint32) int {
		i := sort.Search(n, func(i int) bool { return byHash[i].hash >= h })
		if i < n && byHash[i].hash == h {
			return i
		}
		return -1
	}
	runEnd := func(i int) int {
		j := i + 1
		for j < n && byHash[j].hash == byHash[i].hash {
			j++
		}
		return j
	}
	// A run of rows is looked at closely when it has several rows (a
	// duplicate, or a collision) or when a target has its hash (a chain,
	// or a collision), and so is the run of that target's row.
	marked := make([]bool, n)
	runs := 0
	for i := 0; i < n; {
		j := runEnd(i)
		runs++
		if j-i > 1 {
			marked[i] = true
		}
		for _, e := range byHash[i:j] {
			if th := l.tgt.at(int(e.rec)); th != 0 {
				if k := find(th); k >= 0 {
					marked[i], marked[k] = true, true
				}
			}
		}
		i = j
	}
	var need []int32
	for i := 0; i < n; {
		j := runEnd(i)
		if marked[i] {
			for _, e := range byHash[i:j] {
				need = append(need, e.rec)
			}
		}
		i = j
	}
	slices.Sort(need)
	strs, err := l.strings(need)
	if err != nil {
		return []LintIssue{l.unread(err)}
	}
	str := func(rec int32) [2]string {
		k, _ := slices.BinarySearch(need, rec)
		return strs[k]
	}

	// The marked runs become sources by their strings.
	var srcs []*lintSource
	for i := 0; i < n; {
		j := runEnd(i)
		if marked[i] {
			var here []*lintSource
			for _, e := range byHash[i:j] {
				s := str(e.rec)
				k := slices.IndexFunc(here, func(x *lintSource) bool { return x.url == s[0] })
				if k < 0 {
					here = append(here, &lintSource{url: s[0], next: -1})
					k = len(here) - 1
				}
				x := here[k]
				x.recs = append(x.recs, e.rec)
				if s[1] != "" && !slices.ContainsFunc(x.targets, func(t lintTarget) bool { return t.url == s[1] }) {
					x.targets = append(x.targets, lintTarget{s[1], l.row.at(int(e.rec)), l.tgt.at(int(e.rec))})
				}
			}
			srcs = append(srcs, here...)
		}
		i = j
	}
	slices.SortFunc(srcs, func(a, b *lintSource) int { return cmp.Compare(a.recs[0], b.recs[0]) })

	// The first max distinct sources are linted, in input order; the
	// runs not marked are sources of one row each. The first source
	// past them is the first row dropped or, kept as its hash was one
	// of the first max, the next source of the rows kept.
	full := l.filtered
	if distinct := runs - countTrue(marked) + len(srcs); distinct > l.max {
		firsts := make([]int32, 0, distinct)
		for i := 0; i < n; {
			j := runEnd(i)
			if !marked[i] {
				firsts = append(firsts, byHash[i].rec)
			}
			i = j
		}
		for _, s := range srcs {
			firsts = append(firsts, s.recs[0])
		}
		slices.Sort(firsts)
		cut := firsts[l.max]
		if l.filtered == 0 || int(cut) < l.filteredAt {
			full = int(l.row.at(int(cut)))
		}
		srcs = slices.DeleteFunc(srcs, func(s *lintSource) bool { return s.recs[0] >= cut })
	}
	byURL := map[uint32][]int{}
	for i, s := range srcs {
		h := l.src.at(int(s.recs[0]))
		byURL[h] = append(byURL[h], i)
	}
	for _, s := range srcs {
		if len(s.targets) == 0 {
			continue
		}
		t := s.targets[0]
		for _, k := range byURL[t.hash] {
			if srcs[k].url == t.url {
				s.next = k
			}
		}
	}

	var out []LintIssue
	for _, s := range srcs {
		switch {
		case len(s.targets) > 1:
			var ts []string
			for _, t := range s.targets {
				ts = append(ts, fmt.Sprintf("%s (row %d)", t.url, t.row))
			}
			out = append(out, LintIssue{LintConflict, l.rows(s.recs), fmt.Sprintf("%s has %d targets: %s", s.url, len(s.targets), strings.Join(ts, ", "))})
		case len(s.recs) > 1:
			rows := l.rows(s.recs)
			out = append(out, LintIssue{LintDuplicate, rows, fmt.Sprintf("%s is on rows %s", s.url, joinRows(rows))})
		}
	}
	out = append(out, chains(srcs)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rows[0] < out[j].Rows[0] })
	if full != 0 {
		out = append(out, l.incomplete(full))
	}
	return out
}

func (l *Linter) incomplete(row int) LintIssue {
	return LintIssue{LintIncomplete, []int{row}, fmt.Sprintf("the map has more than %d distinct sources; rows from %d on were not linted", l.max, row)}
}

// unread says that the rows could not be read again as they were.
func (l *Linter) unread(err error) LintIssue {
	return LintIssue{LintIncomplete, []int{1}, fmt.Sprintf("the map was not linted: %v", err)}
}

func (l *Linter) rows(recs []int32) []int {
	out := make([]int, len(recs))
	for i, r := range recs {
		out[i] = int(l.row.at(int(r)))
	}
	return out
}

// strings returns the source and target of the kept rows need (indexes,
// ascending), from the copy or by reading the input again; a row read
// again must hash as it did.
func (l *Linter) strings(need []int32) ([][2]string, error) {
	out := make([][2]string, len(need))
	if len(need) == 0 {
		return out, nil
	}
	if l.reread == nil {
		k := 0
		l.copy.each(func(rec int, src []byte, shared int, rest []byte) bool {
			if rec == int(need[k]) {
				out[k] = [2]string{string(src), string(src[:shared]) + string(rest)}
				k++
			}
			return k < len(need)
		})
		return out, nil
	}
	// Kept rows are in input order, and a text map's row numbers rise.
	k := 0
	err := l.reread(func(row Row) bool {
		want := l.row.at(int(need[k]))
		if int32(row.N) < want {
			return true
		}
		rec := int(need[k])
		var th uint32
		if row.Target != "" {
			th = l.key(row.Target)
		}
		if int32(row.N) != want || row.Err != nil || l.key(row.Source) != l.src.at(rec) || th != l.tgt.at(rec) {
			return false
		}
		out[k] = [2]string{row.Source, row.Target}
		k++
		return k < len(need)
	})
	if err != nil {
		return nil, fmt.Errorf("read the map again: %w", err)
	}
	if k < len(need) {
		return nil, errChanged
	}
	return out, nil
}

// chains follows each source's first target through the map: a target
// that is itself a source is a chain the map builds (the old URL should
// point at the end instead); a walk that comes back is a cycle, named
// once. srcs are in input order and hold every source that leads into
// another or is led into.
func chains(srcs []*lintSource) []LintIssue {
	var out []LintIssue
	inCycle := map[int]bool{}
	for key, s := range srcs {
		if len(s.targets) == 0 || inCycle[key] {
			continue
		}
		target, row := s.targets[0].url, int(s.targets[0].row)
		if s.next == key {
			inCycle[key] = true
			out = append(out, LintIssue{LintCycle, []int{row}, fmt.Sprintf("row %d redirects %s to itself", row, s.url)})
			continue
		}
		if s.next < 0 || len(srcs[s.next].targets) == 0 {
			continue
		}
		nextRow := int(srcs[s.next].targets[0].row)
		// Walk on from the target; path holds the sources passed, at
		// their positions in it.
		path := []int{key}
		at := map[int]int{key: 0}
		cur, cycle := s.next, -1
		for {
			if i, ok := at[cur]; ok {
				cycle = i
				break
			}
			if cur < 0 || len(srcs[cur].targets) == 0 {
				break
			}
			at[cur] = len(path)
			path = append(path, cur)
			cur = srcs[cur].next
		}
		switch {
		case cycle == 0:
			// This source is on the loop: name the loop from here.
			var urls []string
			var rows []int
			for _, k := range path {
				inCycle[k] = true
				urls = append(urls, srcs[k].url)
				rows = append(rows, int(srcs[k].targets[0].row))
			}
			urls = append(urls, s.url)
			out = append(out, LintIssue{LintCycle, sortedRows(rows), fmt.Sprintf("rows %s form a cycle: %s", joinRows(rows), strings.Join(urls, " → "))})
		case cycle > 0:
			out = append(out, LintIssue{LintChained, sortedRows([]int{row, nextRow}), fmt.Sprintf("row %d's target %s is the source of row %d, which leads into a cycle", row, target, nextRow)})
		default:
			end := srcs[path[len(path)-1]].targets[0].url
			out = append(out, LintIssue{LintChained, sortedRows([]int{row, nextRow}),
				fmt.Sprintf("row %d's target %s is the source of row %d, so the map builds a chain of %d redirects; point row %d at %s", row, target, nextRow, len(path), row, end)})
		}
	}
	return out
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func sortedRows(rows []int) []int {
	out := append([]int(nil), rows...)
	sort.Ints(out)
	return out
}

func joinRows(rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}

// chunkLen is the number of values in a chunk of a chunked slice.
const chunkLen = 1024

// chunked is an append-only slice in fixed chunks: growing it never
// copies what it holds, so its peak is its size, not twice that.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

func (c *chunked[T]) add(v T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
	}
	last := len(c.chunks) - 1
	c.chunks[last] = append(c.chunks[last], v)
	c.n++
}

func (c *chunked[T]) at(i int) T { return c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) len() int { return c.n }

// storeBlock is the size of a block of a stringStore.
const storeBlock = 64 << 10

// stringStore keeps pairs of strings (a source and its target) one after
// the other in blocks of bytes, no pointer for the collector to follow and
// no header per string: the source's length and bytes, then the length of
// the prefix the target shares with the source (most of it, in a map
// within one site) and the rest of the target.
type stringStore struct {
	blocks [][]byte
	n      int
}

func (s *stringStore) add(a, b string) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	need := 3*binary.MaxVarintLen64 + len(a) + len(b) - p
	if n := len(s.blocks); n == 0 || cap(s.blocks[n-1])-len(s.blocks[n-1]) < need {
		size := 4 << 10 // blocks grow from 4 KiB, for the many small maps
		if n > 0 {
			size = min(2*cap(s.blocks[n-1]), storeBlock)
		}
		s.blocks = append(s.blocks, make([]byte, 0, max(size, need)))
	}
	i := len(s.blocks) - 1
	blk := binary.AppendUvarint(s.blocks[i], uint64(len(a)))
	blk = append(blk, a...)
	blk = binary.AppendUvarint(blk, uint64(p))
	blk = binary.AppendUvarint(blk, uint64(len(b)-p))
	s.blocks[i] = append(blk, b[p:]...)
	s.n++
}

// each reads the pairs in order, until yield returns false: the i-th
// source, and its target as the length of the prefix it shares with the
// source and the rest.
func (s *stringStore) each(yield func(i int, src []byte, shared int, rest []byte) bool) {
	i := 0
	for _, blk := range s.blocks {
		for len(blk) > 0 {
			la, k := binary.Uvarint(blk)
			a := blk[k : k+int(la)]
			blk = blk[k+int(la):]
			p, k := binary.Uvarint(blk)
			blk = blk[k:]
			lb, k := binary.Uvarint(blk)
			rest := blk[k : k+int(lb)]
			blk = blk[k+int(lb):]
			if !yield(i, a, int(p), rest) {
				return
			}
			i++
		}
	}
}

func (s *stringStore) len() int { return s.n }
