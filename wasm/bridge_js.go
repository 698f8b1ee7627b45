//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// serve registers the bridge as globalThis.__reprise and blocks forever.
//
// Every function takes Uint8Array / number / string arguments and returns a
// Uint8Array (JSON bytes), a number, a string or undefined. A Go callback
// cannot throw into JavaScript (a panic in a syscall/js callback kills the
// wasm instance), so failures — errors and recovered panics alike — are
// returned as JS Error objects; the player's loader (player-web/src/engine.ts)
// rethrows them, so callers of the wrapped API see ordinary exceptions.
//
// When the table is ready, globalThis.__repriseReady() is called if the
// loader defined it.
func serve(b *bridge) {
	errorCtor := js.Global().Get("Error")
	u8 := js.Global().Get("Uint8Array")

	fail := func(err error) any { return errorCtor.New(err.Error()) }
	toJS := func(p []byte) any {
		a := u8.New(len(p))
		js.CopyBytesToJS(a, p)
		return a
	}
	bytesArg := func(v js.Value) ([]byte, error) {
		if v.Type() != js.TypeObject || !v.InstanceOf(u8) {
			return nil, errors.New("reprise: expected a Uint8Array")
		}
		p := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(p, v)
		return p, nil
	}
	intArg := func(args []js.Value, i int) int {
		if i >= len(args) || args[i].Type() != js.TypeNumber {
			return -1
		}
		return args[i].Int()
	}
	int64Arg := func(args []js.Value, i int) int64 {
		if i >= len(args) || args[i].Type() != js.TypeNumber {
			return 0
		}
		return int64(args[i].Float())
	}
	boolArg := func(args []js.Value, i int) bool {
		return i < len(args) && args[i].Type() == js.TypeBoolean && args[i].Bool()
	}
	strArg := func(args []js.Value, i int) string {
		if i >= len(args) || args[i].Type() != js.TypeString {
			return ""
		}
		return args[i].String()
	}
	// fn adapts one bridge method: argument conversion, panic recovery and
	// error → Error object all happen inside guard.
	fn := func(f func(args []js.Value) (any, error)) js.Func {
		return js.FuncOf(func(_ js.Value, args []js.Value) any {
			out, err := guard(func() (any, error) { return f(args) })
			if err != nil {
				return fail(err)
			}
			return out
		})
	}
	bytesOut := func(p []byte, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		return toJS(p), nil
	}

	api := js.Global().Get("Object").New()
	api.Set("open", fn(func(a []js.Value) (any, error) {
		if len(a) < 1 {
			return nil, errors.New("reprise: open(bytes)")
		}
		p, err := bytesArg(a[0])
		if err != nil {
			return nil, err
		}
		return b.open(p)
	}))
	api.Set("info", fn(func(a []js.Value) (any, error) { return bytesOut(b.info(intArg(a, 0))) }))
	api.Set("index", fn(func(a []js.Value) (any, error) { return b.index(intArg(a, 0), intArg(a, 1)) }))
	api.Set("timeline", fn(func(a []js.Value) (any, error) {
		return bytesOut(b.timeline(intArg(a, 0), int64Arg(a, 1)))
	}))
	api.Set("activeTab", fn(func(a []js.Value) (any, error) { return b.activeTab(intArg(a, 0), int64Arg(a, 1)) }))
	api.Set("cursor", fn(func(a []js.Value) (any, error) { return b.cursor(intArg(a, 0), strArg(a, 1)) }))
	api.Set("seek", fn(func(a []js.Value) (any, error) { return bytesOut(b.seek(intArg(a, 0), int64Arg(a, 1), boolArg(a, 2))) }))
	api.Set("advance", fn(func(a []js.Value) (any, error) { return bytesOut(b.advance(intArg(a, 0), int64Arg(a, 1))) }))
	api.Set("append", fn(func(a []js.Value) (any, error) {
		if len(a) < 3 {
			return nil, errors.New("reprise: append(session, tabId, bytes)")
		}
		p, err := bytesArg(a[2])
		if err != nil {
			return nil, err
		}
		return b.appendEvents(intArg(a, 0), strArg(a, 1), p)
	}))
	api.Set("close", fn(func(a []js.Value) (any, error) { return nil, b.close(intArg(a, 0)) }))
	js.Global().Set("__reprise", api)

	if ready := js.Global().Get("__repriseReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
