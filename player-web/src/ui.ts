// The player's shadow-DOM markup and styles. Everything is scoped to the
// shadow root, so nothing leaks into the host page; hosts theme it through
// CSS custom properties (--reprise-*) and ::part().
import { SPEEDS } from './playback.js';

export const STYLE = `
:host {
  display: block;
  position: relative;
  height: 480px;
  min-height: 200px;
  background: var(--reprise-background, #1e1f24);
  color: var(--reprise-color, #e8e8ea);
  font: 13px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif;
  --accent: var(--reprise-accent, #6b7cff);
  outline: none;
  contain: content;
}
:host(:focus-visible) { box-shadow: inset 0 0 0 2px var(--accent); }
:host([hidden]) { display: none; }
.root { display: flex; flex-direction: column; height: 100%; }
.tabs { display: flex; gap: 2px; padding: 4px 6px 0; overflow-x: auto; flex: none; }
.tabs[hidden] { display: none; }
.tabs button { border-radius: 6px 6px 0 0; }
.tabs button[aria-selected="true"] { background: var(--reprise-stage, #fff); color: #111; }
.tabs button.active::before { content: "●"; color: #3ecf6e; margin-right: 4px; }
.tabs .follow { margin-left: auto; border-radius: 6px; }
.viewport { position: relative; flex: 1; overflow: hidden; background: var(--reprise-backdrop, #2a2b31); }
.stage { position: absolute; left: 0; top: 0; transform-origin: 0 0; background: var(--reprise-stage, #fff); }
.stage iframe { border: 0; display: block; width: 100%; height: 100%; pointer-events: none; background: #fff; }
.overlay { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
.cursor {
  position: absolute; left: 0; top: 0; width: 20px; height: 20px; margin: -2px 0 0 -3px;
  background: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20'%3E%3Cpath d='M3 2l12 8-5.5 1.2L12.8 18l-2.6 1.2-3.3-6.9L3 16z' fill='%23111' stroke='%23fff' stroke-width='1.2'/%3E%3C/svg%3E") no-repeat;
  transition: transform 50ms linear;
}
.cursor[hidden] { display: none; }
.ripple {
  position: absolute; width: 40px; height: 40px; margin: -20px 0 0 -20px; border-radius: 50%;
  border: 3px solid var(--accent); animation: ripple 600ms ease-out forwards;
}
@keyframes ripple { from { transform: scale(0.2); opacity: 1; } to { transform: scale(1.4); opacity: 0; } }
.message {
  position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  text-align: center; padding: 16px; pointer-events: none;
}
.message:empty { display: none; }
.badge {
  position: absolute; top: 8px; right: 8px; padding: 2px 8px; border-radius: 10px;
  background: rgba(0,0,0,.65); color: #fff; font-size: 12px; pointer-events: none;
}
.badge[hidden] { display: none; }
.controls { flex: none; padding: 6px 8px 8px; }
.bar { position: relative; height: 14px; margin: 2px 0 8px; cursor: pointer; touch-action: none; }
.bar::before { content: ""; position: absolute; left: 0; right: 0; top: 5px; height: 4px; background: #4a4b55; border-radius: 2px; }
.shades, .marks { position: absolute; inset: 0; contain: strict; }
.shades { pointer-events: none; }
.inactive { position: absolute; top: 5px; height: 4px; background: var(--reprise-inactive, #8a8b95); opacity: .55; }
.fill { position: absolute; left: 0; right: 0; top: 5px; height: 4px; background: var(--accent); border-radius: 2px; pointer-events: none; transform-origin: 0 50%; transform: scaleX(0); }
.knobtrack { position: absolute; inset: 0; pointer-events: none; }
.knob { position: absolute; left: 0; top: 1px; width: 12px; height: 12px; margin-left: -6px; border-radius: 50%; background: #fff; }
.marker { position: absolute; top: 0; width: 3px; height: 14px; margin-left: -1px; background: #b0b3c6; opacity: .8; }
.marker:hover { opacity: 1; transform: scaleX(1.6); }
.marker[data-kind="click"], .marker[data-kind="input"] { height: 6px; top: 8px; opacity: .45; }
.marker[data-kind="pageview"] { background: #f5c542; }
.marker[data-kind="rage_click"], .marker[data-kind="dead_click"] { background: #ff5a5a; }
.marker[data-kind="custom"] { background: #6b7cff; }
.marker[data-kind="tab_switch"] { background: #3ecf6e; }
.marker[data-kind="session"] { background: #fff; width: 2px; }
.marker[data-kind="note"] { background: #ffa53e; }
.marker[data-kind="reaction"] { background: #e86bff; }
.row { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.spacer { flex: 1; }
.time { font-variant-numeric: tabular-nums; white-space: nowrap; }
.clock { opacity: .7; font-variant-numeric: tabular-nums; }
button {
  font: inherit; color: inherit; background: #34353d; border: 0; border-radius: 4px;
  padding: 3px 8px; cursor: pointer; min-width: 28px;
}
button:hover { background: #44454f; }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; }
button[hidden] { display: none; }
.speeds { display: inline-flex; gap: 2px; }
.speeds button { min-width: 0; padding: 3px 6px; }
label.skip { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; cursor: pointer; }
button.live { background: #c43b3b; color: #fff; }
button.live[aria-pressed="true"] { background: #3b3c44; }
`;

const speedButtons = SPEEDS.map(
  (s) => `<button type="button" data-action="speed" data-speed="${s}" aria-pressed="false" title="${s}× speed">${s}×</button>`,
).join('');

export const MARKUP = `
<div class="root">
  <div class="tabs" part="tabs" role="tablist" hidden></div>
  <div class="viewport" part="viewport">
    <div class="stage">
      <iframe sandbox="allow-same-origin" inert tabindex="-1" title="Session replay" referrerpolicy="no-referrer"></iframe>
      <div class="overlay"></div>
    </div>
    <div class="message" role="status"></div>
    <div class="badge" hidden></div>
  </div>
  <div class="controls" part="controls">
    <div class="barslot"></div>
    <div class="row">
      <button type="button" data-action="play" title="Play (space)">▶</button>
      <button type="button" data-action="back" title="Back 10 s (←)">−10s</button>
      <button type="button" data-action="forward" title="Forward 10 s (→)">+10s</button>
      <span class="time" part="time">0:00 / 0:00</span>
      <span class="clock" part="clock"></span>
      <span class="spacer"></span>
      <button type="button" class="live" data-action="live" hidden title="Return to the live edge">● LIVE</button>
      <span class="speeds" role="group" aria-label="Speed">${speedButtons}</span>
      <label class="skip" title="Skip inactive periods"><input type="checkbox" data-action="skip" checked> Skip inactivity</label>
      <button type="button" data-action="fullscreen" title="Fullscreen (f)" aria-label="Fullscreen"><svg width="14" height="14" viewBox="0 0 14 14" fill="none" stroke="currentColor" stroke-width="1.6"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9"/></svg></button>
    </div>
  </div>
</div>
`;
