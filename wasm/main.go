// Command wasm is engine.wasm: the logic-free bridge that exports the replay
// engine to the browser player (DESIGN.md §5). The export table lives in
// bridge.go as plain Go so that it is tested natively; bridge_js.go is the
// only file that touches syscall/js and registers the table on globalThis.
//
// Build with wasm/build.sh (GOOS=js GOARCH=wasm).
package main

func main() {
	// The bridge is created here and handed to serve (rule R4: no package
	// state); serve blocks for the life of the page.
	serve(newBridge())
}
