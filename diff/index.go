package diff

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"sync"
)

// Index holds the rows of a run on disk, to be taken one by one by source
// and method. In memory it keeps 16 bytes a row (a hash of the key and
// where the row's Facts are in a temporary file) and a bit for whether the
// row was taken; a million rows cost 17 MB, whatever their size as JSON.
//
// Rows with the same key are taken in the order of the file, so a map
// that lists a source twice is compared occurrence by occurrence. An
// Index is safe for concurrent use.
type Index struct {
	mu      sync.Mutex
	file    *os.File
	entries []entry  // by hash, then file order
	taken   []uint64 // a bit per entry
}

// entry is a row's key hash and its place in the file: the offset in the
// high 40 bits (up to 1 TB), the length in the low 24 (16 MB).
type entry struct {
	hash uint64
	loc  uint64
}

const (
	lenBits   = 24
	maxRecord = 1<<lenBits - 1
	maxOffset = 1<<(64-lenBits) - 1
)

// NewIndex reads the run in the file at path into a new Index.
func NewIndex(path string) (*Index, error) {
	f, err := os.CreateTemp("", "hops-diff-*.idx")
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", path, err)
	}
	ix := &Index{file: f}
	// The index keeps only a row's facts: about a tenth of the run's bytes
	// (8-13% of a hops check --json or demo --json run).
	w := bufio.NewWriterSize(f, max(bufferFor(os.Stat(path))/8, 4<<10))
	var off uint64
	err = Read(path, func(facts Facts) error {
		b, err := json.Marshal(facts)
		if err != nil {
			return fmt.Errorf("index %s: %w", path, err)
		}
		if len(b) > maxRecord || off > maxOffset {
			return fmt.Errorf("index %s: a row or the run is too large to index", path)
		}
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("index %s: %w", path, err)
		}
		ix.entries = append(ix.entries, entry{hash: keyHash(facts.Source, facts.Method), loc: off<<lenBits | uint64(len(b))})
		off += uint64(len(b))
		return nil
	})
	if err == nil {
		if err = w.Flush(); err != nil {
			err = fmt.Errorf("index %s: %w", path, err)
		}
	}
	if err != nil {
		ix.Close()
		return nil, err
	}
	// Stable, so equal keys stay in file order.
	slices.SortStableFunc(ix.entries, func(a, b entry) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	ix.taken = make([]uint64, (len(ix.entries)+63)/64)
	return ix, nil
}

// Len is the number of rows indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Take returns the first row not yet taken with this source and method,
// and marks it taken; ok is false when there is none.
func (ix *Index) Take(source, method string) (facts Facts, ok bool, err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	h := keyHash(source, method)
	i, _ := slices.BinarySearchFunc(ix.entries, h, func(e entry, h uint64) int {
		switch {
		case e.hash < h:
			return -1
		case e.hash > h:
			return 1
		}
		return 0
	})
	for ; i < len(ix.entries) && ix.entries[i].hash == h; i++ {
		if ix.isTaken(i) {
			continue
		}
		f, err := ix.read(ix.entries[i].loc)
		if err != nil {
			return Facts{}, false, err
		}
		if f.Source == source && f.Method == method { // not a collision
			ix.taken[i/64] |= 1 << (i % 64)
			return f, true, nil
		}
	}
	return Facts{}, false, nil
}

// Rest calls fn with each row never taken, in file order.
func (ix *Index) Rest(fn func(Facts) error) error {
	ix.mu.Lock()
	var locs []uint64
	for i, e := range ix.entries {
		if !ix.isTaken(i) {
			locs = append(locs, e.loc)
		}
	}
	ix.mu.Unlock()
	slices.Sort(locs) // by offset: file order
	for _, loc := range locs {
		f, err := ix.read(loc)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// Close removes the temporary file.
func (ix *Index) Close() error {
	err := ix.file.Close()
	return errors.Join(err, os.Remove(ix.file.Name()))
}

func (ix *Index) isTaken(i int) bool { return ix.taken[i/64]&(1<<(i%64)) != 0 }

func (ix *Index) read(loc uint64) (Facts, error) {
	b := make([]byte, loc&maxRecord)
	if _, err := ix.file.ReadAt(b, int64(loc>>lenBits)); err != nil {
		return Facts{}, fmt.Errorf("read the index: %w", err)
	}
	var f Facts
	if err := json.Unmarshal(b, &f); err != nil {
		return Facts{}, fmt.Errorf("read the index: %w", err)
	}
	return f, nil
}

func keyHash(source, method string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(method))
	h.Write([]byte{0})
	h.Write([]byte(source))
	return h.Sum64()
}
