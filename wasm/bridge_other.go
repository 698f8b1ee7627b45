//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// serve exists natively only so that `go build ./...` and `go vet ./...`
// work on every platform; the real bridge needs a JavaScript host.
func serve(*bridge) {
	fmt.Fprintln(os.Stderr, "wasm: this program is engine.wasm; build it with GOOS=js GOARCH=wasm (see wasm/build.sh)")
	os.Exit(2)
}
