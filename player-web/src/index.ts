// Entry point of reprise-player.js: defines <reprise-player> and exports the
// pieces a host may want (the element class, the engine loader).
import { ReprisePlayerElement } from './element.js';

export { ReprisePlayerElement } from './element.js';
export type { Marker } from './element.js';
export { loadEngine, Engine } from './engine.js';
export type * from './protocol.js';

if (!customElements.get('reprise-player')) customElements.define('reprise-player', ReprisePlayerElement);

declare global {
  interface HTMLElementTagNameMap {
    'reprise-player': ReprisePlayerElement;
  }
}
