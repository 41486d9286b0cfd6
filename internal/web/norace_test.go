//go:build !race

package web_test

// raceEnabled: the race detector slows everything down several times.
const raceEnabled = false
