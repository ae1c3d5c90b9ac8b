//go:build race

package cli

// raceEnabled: the race detector is on, and every test takes several times
// the CPU.
const raceEnabled = true
