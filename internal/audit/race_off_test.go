//go:build !race

package audit

// raceEnabled is true under -race.
const raceEnabled = false
