//go:build race

package render

// raceEnabled: the race detector is on, and sync.Pool drops a quarter of
// what is put in it, on purpose.
const raceEnabled = true
