package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/reprise-dev/reprise/engine"
)

// preview serves one recording on a local page: a time slider over the
// engine's snapshot HTML in a sandboxed iframe, and, when the player has
// been built (player-web/dist), the standalone player on the same file.
func (e *cliEnv) preview(args []string) int {
	fs := e.flags("preview", "[--addr HOST:PORT] [--player DIR] FILE")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (loopback only by default)")
	playerDir := fs.String("player", "player-web/dist", "`directory` of the built player, served under /player/ if present")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return e.usageErr(fs, "want exactly one FILE")
	}
	path := fs.Arg(0)
	raw, err := e.read(path) // served as is on /recording, decoded once here
	if err != nil {
		return e.fail("%v", err)
	}
	doc, _, err := decodeNamed(path, raw)
	if err != nil {
		return e.fail("%v", err)
	}
	s, err := engine.Open(doc, engine.Options{})
	if err != nil {
		return e.fail("%s: %v", path, err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	mux := previewHandler(s, raw, filepath.Base(path), *playerDir)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail("listen %s: %v", *addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	base := "http://" + ln.Addr().String()
	if st, err := os.Stat(*playerDir); err == nil && st.IsDir() {
		log.Info("player ready", "url", base+"/player/play.html?src=/recording", "recording", path)
	}
	log.Info("snapshot preview ready", "url", base+"/", "recording", path, "durationMs", s.DurationMs())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return e.fail("serve: %v", err)
	}
	return exitOK
}

// previewHandler serves the preview page, the recording, its inspection and
// snapshots at any offset.
func previewHandler(s *engine.Session, raw []byte, name, playerDir string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, previewPage, html.EscapeString(name), s.DurationMs())
	})
	mux.HandleFunc("GET /recording", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(raw)
	})
	mux.HandleFunc("GET /inspect", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		writeJSONTo(w, s.Inspect())
	})
	mux.HandleFunc("GET /snapshot", func(w http.ResponseWriter, r *http.Request) {
		at, err := strconv.ParseInt(r.URL.Query().Get("at"), 10, 64)
		if err != nil || at < 0 {
			writeError(w, http.StatusBadRequest, "bad-offset", "at must be a non-negative integer (ms)")
			return
		}
		page, err := s.SnapshotHTML(r.URL.Query().Get("tab"), at)
		switch {
		case errors.Is(err, engine.ErrUnknownTab):
			writeError(w, http.StatusNotFound, "unknown-tab", err.Error())
			return
		case errors.Is(err, engine.ErrNoSnapshot):
			writeError(w, http.StatusNotFound, "no-snapshot", err.Error())
			return
		case err != nil:
			writeError(w, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The snapshot is hostile content: no scripts, no plugins, no frames
		// of ours, even when opened directly.
		w.Header().Set("Content-Security-Policy", "script-src 'none'; object-src 'none'; frame-ancestors 'self'")
		w.Write(page)
	})
	if st, err := os.Stat(playerDir); err == nil && st.IsDir() {
		mux.Handle("GET /player/", http.StripPrefix("/player/", http.FileServer(http.Dir(playerDir))))
	}
	return mux
}

const previewPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reprise preview — %[1]s</title>
<style>
 body { font: 14px system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
 header { padding: 8px 12px; display: flex; gap: 12px; align-items: center; border-bottom: 1px solid #ddd; }
 input[type=range] { flex: 1; }
 iframe { flex: 1; border: 0; width: 100%%; }
 a { color: #2a5bd7; }
</style></head>
<body>
<header>
 <strong>%[1]s</strong>
 <input id="t" type="range" min="0" max="%[2]d" value="%[2]d" step="100" aria-label="time">
 <span id="label"></span>
 <a href="/player/play.html?src=/recording" id="player" hidden>open in player</a>
 <a href="/inspect">inspect</a>
</header>
<iframe id="view" sandbox="allow-same-origin" title="replay"></iframe>
<script>
 const t = document.getElementById('t'), label = document.getElementById('label'), view = document.getElementById('view');
 const fmt = ms => { const s = Math.floor(ms / 1000); return Math.floor(s / 60) + ':' + String(s %% 60).padStart(2, '0'); };
 let timer;
 function show() {
   label.textContent = fmt(+t.value) + ' / ' + fmt(+t.max);
   clearTimeout(timer);
   timer = setTimeout(() => { view.src = '/snapshot?at=' + (+t.value + 1); }, 60);
 }
 t.addEventListener('input', show);
 fetch('/player/play.html', { method: 'HEAD' }).then(r => { if (r.ok) document.getElementById('player').hidden = false; });
 show();
</script>
</body></html>
`

// writeError answers with a JSON error body carrying a stable code.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	out, _ := json.Marshal(map[string]string{"code": code, "message": msg})
	w.Write(append(out, '\n'))
}

func writeJSONTo(w http.ResponseWriter, v any) {
	out, err := jsonIndent(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(out)
}
