//go:build !race

package main

// raceEnabled is true in `go test -race` builds.
const raceEnabled = false
