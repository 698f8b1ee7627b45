// Keyboard shortcuts of <reprise-player> (active while it has focus):
//   space        play / pause
//   ← / →        back / forward 10 s
//   shift+← / →  previous / next key event (±60 s when there are none)
//   0 … 9        seek to 0 %, 10 %, … 90 %
//   f            fullscreen
// Keys typed into the player's own inputs keep their meaning.

export interface KeyTarget {
  readonly paused: boolean;
  readonly currentTime: number;
  readonly duration: number;
  play(): void;
  pause(): void;
  seek(ms: number): Promise<void>;
  stepKeyEvent(dir: 1 | -1): void;
  toggleFullscreen(): void;
}

export function onKey(p: KeyTarget, e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const origin = e.composedPath()[0];
  if (origin instanceof HTMLInputElement && origin.type !== 'checkbox') return;
  if (!p.duration && e.key !== 'f') return;
  let handled = true;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      if (p.paused) p.play();
      else p.pause();
      break;
    case 'ArrowLeft':
      if (e.shiftKey) p.stepKeyEvent(-1);
      else void p.seek(p.currentTime - 10_000);
      break;
    case 'ArrowRight':
      if (e.shiftKey) p.stepKeyEvent(1);
      else void p.seek(p.currentTime + 10_000);
      break;
    case 'f':
    case 'F':
      p.toggleFullscreen();
      break;
    default:
      if (e.key.length === 1 && e.key >= '0' && e.key <= '9') void p.seek((p.duration * Number(e.key)) / 10);
      else handled = false;
  }
  if (handled) {
    // Space would also scroll the host page or press a focused button.
    e.preventDefault();
    e.stopPropagation();
  }
}
