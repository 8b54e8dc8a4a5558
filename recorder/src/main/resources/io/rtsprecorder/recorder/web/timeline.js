// A camera's footage across days on a canvas: recorded spans, gaps coloured by reason, a selection and the
// playhead. The server coarsens the footage to about one entry per pixel (GET .../timeline?resolution=), so a month
// of 10 s segments costs the page a few hundred rectangles.

import { duration, local } from './format.js';

const MIN_SPAN = 2 * 60 * 1000; // zoomed in: two minutes across
const MAX_SPAN = 60 * 86400 * 1000; // zoomed out: about two months
const DRAG_PIXELS = 4;
const COLOURS = {
  span: '#1f9d55', hidden: '#f0c000', off: '#a8b0bd', starting: '#c5cbd5', recorder_stopped: '#8a93a3',
  gap: '#d64545', selection: 'rgba(36, 99, 235, 0.22)', playhead: '#2463eb', now: '#1d2330', grid: '#e3e6ec',
  text: '#5d6677',
};
const STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400,
  7 * 86400].map((s) => s * 1000);

export class Timeline {
  /**
   * @param canvas   the <canvas>
   * @param handlers {load(from, to, resolutionSeconds) -> Promise<timeline>, play(ms), select(from, to),
   *                  hover(text), viewChanged(from, to)}
   */
  constructor(canvas, handlers) {
    this.canvas = canvas;
    this.handlers = handlers;
    this.to = Date.now() + 5 * 60 * 1000;
    this.from = this.to - 86400 * 1000;
    this.data = null;
    this.selection = null;
    this.playhead = NaN;
    this.drag = null;
    this.request = 0;
    this.reloadTimer = null;
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    canvas.addEventListener('pointermove', (e) => this.onMove(e));
    canvas.addEventListener('pointerup', (e) => this.onUp(e));
    canvas.addEventListener('pointerleave', () => this.handlers.hover(null));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(canvas);
  }

  destroy() {
    this.resizeObserver.disconnect();
    clearTimeout(this.reloadTimer);
  }

  width() {
    return Math.max(1, this.canvas.clientWidth);
  }

  timeAt(x) {
    return this.from + (x / this.width()) * (this.to - this.from);
  }

  xOf(ms) {
    return ((ms - this.from) / (this.to - this.from)) * this.width();
  }

  /** Shows [from, to) (clamped to the zoom limits) and loads its footage. */
  setView(from, to) {
    let span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, to - from));
    const middle = (from + to) / 2;
    this.from = Math.round(middle - span / 2);
    this.to = Math.round(middle + span / 2);
    this.canvas.dataset.from = String(this.from);
    this.canvas.dataset.to = String(this.to);
    this.handlers.viewChanged(this.from, this.to);
    this.draw();
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reload(), 120);
  }

  zoom(factor, aroundMs) {
    const at = aroundMs === undefined ? (this.from + this.to) / 2 : aroundMs;
    const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (this.to - this.from) * factor));
    const left = (at - this.from) / (this.to - this.from);
    this.setView(at - left * span, at - left * span + span);
  }

  pan(fraction) {
    const shift = (this.to - this.from) * fraction;
    this.setView(this.from + shift, this.to + shift);
  }

  /** Shows the last {@code spanMs} up to a little after now. */
  showLast(spanMs) {
    const end = Date.now() + spanMs * 0.03;
    this.setView(end - spanMs, end);
  }

  async reload() {
    const id = ++this.request;
    const resolution = Math.max(0.001, (this.to - this.from) / this.width() / 1000);
    try {
      const data = await this.handlers.load(this.from, this.to, resolution);
      if (id === this.request) {
        this.data = data;
        this.canvas.dataset.loaded = String(id);
        this.draw();
      }
    } catch (e) {
      this.handlers.hover(`timeline: ${e.message}`);
    }
  }

  setSelection(from, to) {
    this.selection = from < to ? { from, to } : null;
    this.draw();
  }

  setPlayhead(ms) {
    this.playhead = ms;
    this.draw();
  }

  onWheel(e) {
    e.preventDefault();
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      this.pan(e.deltaX / this.width());
      return;
    }
    this.zoom(e.deltaY > 0 ? 1.25 : 0.8, this.timeAt(e.offsetX));
  }

  onDown(e) {
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { x: e.offsetX, select: e.shiftKey, moved: false };
  }

  onMove(e) {
    const t = this.timeAt(e.offsetX);
    this.handlers.hover(this.describe(t));
    if (!this.drag) {
      return;
    }
    if (Math.abs(e.offsetX - this.drag.x) > DRAG_PIXELS) {
      this.drag.moved = true;
    }
    if (this.drag.moved && this.drag.select) {
      const a = this.timeAt(this.drag.x);
      this.setSelection(Math.min(a, t), Math.max(a, t));
    } else if (this.drag.moved) {
      this.setPlayhead(t); // scrubbing: the playhead follows, playback starts where the pointer is let go
    }
  }

  onUp(e) {
    const d = this.drag;
    this.drag = null;
    if (!d) {
      return;
    }
    const t = this.timeAt(e.offsetX);
    if (d.select && d.moved && this.selection) {
      this.handlers.select(this.selection.from, this.selection.to);
    } else {
      this.handlers.play(t);
    }
  }

  /** What is at {@code ms}, in words. */
  describe(ms) {
    let what = 'no footage';
    if (this.data) {
      for (const g of this.data.gaps) {
        if (ms >= Date.parse(g.from) && ms < Date.parse(g.to)) {
          what = `gap: ${g.reason}${g.detail ? ` (${g.detail})` : ''}${g.open ? ', still open' : ''}, `
            + duration((Date.parse(g.to) - Date.parse(g.from)) / 1000);
          return `${local(ms)} — ${what}`;
        }
      }
      for (const s of this.data.spans) {
        if (ms >= Date.parse(s.from) && ms < Date.parse(s.to)) {
          what = `recorded (${s.segments} file${s.segments === 1 ? '' : 's'}`
            + `${s.hiddenGaps ? `, ${s.hiddenGaps} short gap${s.hiddenGaps === 1 ? '' : 's'}: zoom in` : ''})`;
        }
      }
    }
    return `${local(ms)} — ${what}`;
  }

  draw() {
    const c = this.canvas;
    const w = this.width();
    const h = c.clientHeight || 72;
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
      c.width = Math.round(w * ratio);
      c.height = Math.round(h * ratio);
    }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const barTop = 22;
    const barHeight = h - barTop - 6;
    this.drawTicks(g, w, h);
    if (this.data) {
      for (const s of this.data.spans) {
        const x0 = this.xOf(Date.parse(s.from));
        const x1 = this.xOf(Date.parse(s.to));
        g.fillStyle = COLOURS.span;
        g.fillRect(x0, barTop, Math.max(1, x1 - x0), barHeight);
        if (s.hiddenGaps) {
          g.fillStyle = COLOURS.hidden;
          g.fillRect(x0, barTop + barHeight - 4, Math.max(1, x1 - x0), 4);
        }
      }
      for (const gap of this.data.gaps) {
        const x0 = this.xOf(Date.parse(gap.from));
        const x1 = this.xOf(Date.parse(gap.to));
        g.fillStyle = COLOURS[gap.reason] || COLOURS.gap;
        g.fillRect(x0, barTop + barHeight * 0.35, Math.max(1, x1 - x0), barHeight * 0.3);
      }
    }
    if (this.selection) {
      const x0 = this.xOf(this.selection.from);
      g.fillStyle = COLOURS.selection;
      g.fillRect(x0, 0, this.xOf(this.selection.to) - x0, h);
    }
    const now = this.xOf(Date.now());
    if (now >= 0 && now <= w) {
      g.fillStyle = COLOURS.now;
      g.fillRect(now, barTop - 4, 1, barHeight + 8);
    }
    if (Number.isFinite(this.playhead)) {
      g.fillStyle = COLOURS.playhead;
      g.fillRect(this.xOf(this.playhead) - 1, 0, 2, h);
    }
  }

  drawTicks(g, w) {
    const span = this.to - this.from;
    const step = STEPS.find((s) => span / s <= w / 90) || STEPS[STEPS.length - 1];
    const offset = new Date().getTimezoneOffset() * 60 * 1000;
    const first = Math.ceil((this.from - offset) / step) * step + offset;
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'top';
    for (let t = first; t < this.to; t += step) {
      const x = this.xOf(t);
      g.fillStyle = COLOURS.grid;
      g.fillRect(x, 14, 1, 200);
      g.fillStyle = COLOURS.text;
      const d = new Date(t);
      const label = step >= 86400 * 1000 ? d.toLocaleDateString()
        : (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 ? d.toLocaleDateString()
          : d.toLocaleTimeString(undefined, step < 60000 ? {} : { hour: '2-digit', minute: '2-digit' }));
      g.fillText(label, x + 3, 1);
    }
  }
}
