// play.html: the standalone, offline player page. It opens a recording from
// a file picker, drag and drop, or ?src=URL (optionally &t=ms to start
// there), entirely in the browser: no Reprise server is involved.
import type { ReprisePlayerElement } from './element.js';

const status = document.getElementById('status')!;
const fileInput = document.getElementById('file') as HTMLInputElement;

async function open(src: string | Blob, name: string, startMs?: number): Promise<void> {
  await customElements.whenDefined('reprise-player');
  const player = document.getElementById('player') as ReprisePlayerElement;
  status.textContent = `Opening ${name}…`;
  const t0 = performance.now();
  try {
    await player.load(src);
    const ms = Math.round(performance.now() - t0);
    const info = player.info!;
    const tabs = info.tabs.length > 1 ? `, ${info.tabs.length} tabs` : '';
    status.textContent = `${name}: ${Math.round(info.durationMs / 1000)} s${tabs} (${info.format}${info.gzip ? ', gzip' : ''}), opened in ${ms} ms`;
    if (startMs !== undefined && startMs >= 0) await player.seek(startMs);
    player.focus();
  } catch (err) {
    status.textContent = `Cannot open ${name}: ${(err as Error).message}`;
  }
}

fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void open(f, f.name);
});

// Drag and drop anywhere on the page.
let depth = 0;
document.addEventListener('dragenter', (e) => {
  e.preventDefault();
  if (++depth === 1) document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => {
  if (--depth <= 0) {
    depth = 0;
    document.body.classList.remove('dragging');
  }
});
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  depth = 0;
  document.body.classList.remove('dragging');
  const f = e.dataTransfer?.files?.[0];
  if (f) void open(f, f.name);
});

const params = new URLSearchParams(location.search);
const src = params.get('src');
if (src) {
  const t = params.get('t');
  void open(new URL(src, location.href).href, src.split('/').pop() || src, t === null ? undefined : Number(t));
}
