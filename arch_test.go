package reprise_test

// The architecture test enforces the dependency rules of DESIGN.md §2 by
// parsing every Go file's imports. It is table-free on purpose: each rule is
// a function of (package path, file, imports) and reports every violation.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/reprise-dev/reprise"

type goFile struct {
	pkg     string // import path of the directory
	path    string // file path relative to the repo root
	test    bool
	imports []string
	build   string            // the //go:build line, if any
	inits   bool              // declares func init()
	globals []string          // package-level var names declared here
	writes  map[string]string // identifiers written here → position
}

func loadFiles(t *testing.T) []goFile {
	t.Helper()
	var files []goFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "testdata", ".git", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		gf := goFile{
			pkg:  module + "/" + filepath.ToSlash(filepath.Dir(path)),
			path: filepath.ToSlash(path),
			test: strings.HasSuffix(path, "_test.go"),
		}
		if filepath.Dir(path) == "." {
			gf.pkg = module
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//go:build ") {
					gf.build = strings.TrimPrefix(c.Text, "//go:build ")
				}
			}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			gf.imports = append(gf.imports, p)
		}
		full, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range full.Decls {
			gf.inits = gf.inits || declaresInit(decl)
			gf.globals = append(gf.globals, packageVars(decl)...)
		}
		gf.writes = writesIn(fset, full)
		files = append(files, gf)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d Go files: is the test running from the repo root?", len(files))
	}
	return files
}

func isStdlib(p string) bool {
	first := strings.SplitN(p, "/", 2)[0]
	return !strings.Contains(first, ".")
}

func under(pkg, dir string) bool {
	return pkg == module+"/"+dir || strings.HasPrefix(pkg, module+"/"+dir+"/")
}

// R1: engine/... imports only the standard library and engine/..., and never
// the packages that give it I/O, a clock or logging.
func TestR1EngineIsPure(t *testing.T) {
	forbidden := map[string]bool{"os": true, "os/exec": true, "net": true, "net/http": true, "syscall": true,
		"syscall/js": true, "log": true, "log/slog": true, "io/ioutil": true, "unsafe": true, "time": true}
	for _, f := range loadFiles(t) {
		if !under(f.pkg, "engine") || f.test {
			continue
		}
		for _, im := range f.imports {
			switch {
			case forbidden[im]:
				t.Errorf("R1: %s imports %s (the engine is pure: no I/O, clock or logging)", f.path, im)
			case !isStdlib(im) && !strings.HasPrefix(im, module+"/engine"):
				t.Errorf("R1: %s imports %s (engine/... may import only the standard library and engine/...)", f.path, im)
			}
		}
	}
}

// R2: wasm imports only engine and engine/rrweb; syscall/js only in js&&wasm files.
func TestR2WasmBridge(t *testing.T) {
	for _, f := range loadFiles(t) {
		for _, im := range f.imports {
			if im == "syscall/js" && !(under(f.pkg, "wasm") && strings.Contains(f.build, "js") && strings.Contains(f.build, "wasm")) {
				t.Errorf("R2: %s imports syscall/js outside a js&&wasm file of wasm/", f.path)
			}
			if under(f.pkg, "wasm") && !f.test && !isStdlib(im) && im != module+"/engine" && im != module+"/engine/rrweb" {
				t.Errorf("R2: %s imports %s (wasm/ may import only engine and engine/rrweb)", f.path, im)
			}
		}
	}
}

// R3: the server root imports no server subpackage, and each third-party
// library has one home package; only cmd/reprise picks implementations.
func TestR3ServerLayers(t *testing.T) {
	homes := map[string]string{ // third-party import prefix → the one package allowed to import it
		"modernc.org/sqlite":           "server/sqlite",
		"github.com/jackc/pgx":         "server/postgres",
		"github.com/nats-io/nats.go":   "server/natsbus",
		"github.com/coder/websocket":   "server/httpapi",
		"github.com/gorilla/websocket": "server/httpapi",
	}
	for _, f := range loadFiles(t) {
		if f.pkg == module+"/server" && !f.test {
			for _, im := range f.imports {
				if strings.HasPrefix(im, module+"/server/") {
					t.Errorf("R3: %s (server root) imports subpackage %s", f.path, im)
				}
			}
		}
		for _, im := range f.imports {
			for prefix, home := range homes {
				if strings.HasPrefix(im, prefix) && f.pkg != module+"/"+home && !f.test {
					t.Errorf("R3: %s imports %s; only %s may", f.path, im, home)
				}
			}
		}
	}
}

// R4: no util/common/helpers packages, no init(), no package-level mutable
// state: a package-level var is allowed only if no code in its package ever
// writes to it (lookup tables, compiled regexps, sentinel errors).
func TestR4NoGlobalsNoInit(t *testing.T) {
	files := loadFiles(t)
	writes := map[string]map[string]string{} // pkg → var → first write position
	for _, f := range files {
		if f.test {
			continue
		}
		w := writes[f.pkg]
		if w == nil {
			w = map[string]string{}
			writes[f.pkg] = w
		}
		for name, pos := range f.writes {
			if _, ok := w[name]; !ok {
				w[name] = pos
			}
		}
	}
	for _, f := range files {
		base := filepath.Base(strings.TrimPrefix(f.pkg, module))
		switch base {
		case "util", "utils", "common", "helpers", "helper", "misc":
			t.Errorf("R4: package %s has a forbidden name", f.pkg)
		}
		if f.test {
			continue
		}
		if f.inits {
			t.Errorf("R4: %s declares func init()", f.path)
		}
		for _, g := range f.globals {
			if pos, ok := writes[f.pkg][g]; ok {
				t.Errorf("R4: package-level variable %s (%s) is written at %s: package state must not change", g, f.path, pos)
			}
		}
	}
}

// R5: nothing generated is committed.
func TestR5NothingGenerated(t *testing.T) {
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		t.Skipf("R5 skipped: git ls-files failed (not a git checkout?): %v", err)
	}
	for _, p := range strings.Split(string(out), "\n") {
		base := filepath.Base(p)
		switch {
		case base == "engine.wasm", base == "wasm_exec.js", strings.Contains(p, "node_modules/"),
			strings.HasPrefix(p, "player-web/dist/"), strings.HasSuffix(p, ".wasm"):
			t.Errorf("R5: generated file %s is committed", p)
		}
	}
}

func declaresInit(d ast.Decl) bool {
	fd, ok := d.(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Name.Name == "init"
}

func packageVars(d ast.Decl) []string {
	gd, ok := d.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return nil
	}
	var names []string
	for _, sp := range gd.Specs {
		for _, n := range sp.(*ast.ValueSpec).Names {
			if n.Name != "_" {
				names = append(names, n.Name)
			}
		}
	}
	return names
}

// rootIdent returns the variable an lvalue expression ultimately writes.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.IndexExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// writesIn records assignments, ++/-- and delete() calls on identifiers
// that resolve to package scope (not shadowed by a local declaration).
func writesIn(fset *token.FileSet, f *ast.File) map[string]string {
	out := map[string]string{}
	note := func(e ast.Expr) {
		id := rootIdent(e)
		if id == nil || id.Obj != nil && id.Obj.Kind == ast.Var && id.Obj.Decl != nil && !isPackageLevel(f, id.Obj) {
			return
		}
		if _, ok := out[id.Name]; !ok {
			out[id.Name] = fset.Position(id.Pos()).String()
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			return x.Body != nil
		case *ast.GenDecl:
			return x.Tok != token.VAR || !isTopLevel(f, x)
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					note(l)
				}
			}
		case *ast.IncDecStmt:
			note(x.X)
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "delete" || id.Name == "clear") && len(x.Args) > 0 {
				note(x.Args[0])
			}
		}
		return true
	})
	return out
}

func isTopLevel(f *ast.File, gd *ast.GenDecl) bool {
	for _, d := range f.Decls {
		if d == gd {
			return true
		}
	}
	return false
}

func isPackageLevel(f *ast.File, obj *ast.Object) bool {
	return f.Scope.Lookup(obj.Name) == obj
}
