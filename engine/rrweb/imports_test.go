package rrweb

import (
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLeafImports enforces DESIGN.md rule R1 for this package: non-test
// files import only the standard library, and none of the I/O, logging or
// clock packages. (msgpack/CBOR libraries are allowed in tests only.)
func TestLeafImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files: %v", err)
	}
	forbidden := map[string]bool{"os": true, "net": true, "net/http": true, "syscall/js": true,
		"log": true, "log/slog": true, "time": true, "unsafe": true}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(gotoken.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.Split(path, "/")[0], ".") {
				t.Errorf("%s imports non-standard %q", name, path)
			}
			if forbidden[path] {
				t.Errorf("%s imports forbidden %q", name, path)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("checked no files")
	}
}
