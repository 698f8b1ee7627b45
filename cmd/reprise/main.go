// Command reprise is Reprise's one binary: inspect, snapshot and convert
// recordings (and, later, serve). main only wires the real process streams.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
