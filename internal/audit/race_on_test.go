//go:build race

package audit

// raceEnabled is true under -race, where the Chromium render (no Go
// concurrency to check, and slow) is left to the plain test run.
const raceEnabled = true
