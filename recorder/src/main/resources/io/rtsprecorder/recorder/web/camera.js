// One camera: state and record on/off, the live player, the timeline across days, playback from any moment, and
// a selected range exported as MP4 with progress.

import { api, seg } from './api.js';
import { frameAge, isHevc, reasonOf, setRecording } from './cameras.js';
import { bytes, duration, iso, local, parseTime } from './format.js';
import { Player, hevcSupported } from './player.js';
import { Timeline } from './timeline.js';

const STATUS_MS = 2000;
const TIMELINE_MS = 10000;
const PLAYBACK_WINDOW_MS = 6 * 3600 * 1000; // a recorded playlist covers this much from the chosen moment
const EXPORT_POLL_MS = 500;
const MAX_GAPS_LISTED = 100;
const HINT = 'Click or drag to play from a moment · Shift+drag to select a range · wheel or buttons to zoom';

const $ = (id) => document.getElementById(id);

export class CameraPage {
  constructor(name, session) {
    this.name = name;
    this.session = session;
    this.device = null;
    this.timers = [];
    this.listeners = [];
    this.live = new Player($('live-video'), true, (t) => { $('live-status').textContent = t; });
    this.playback = new Player($('playback-video'), false, (t) => { $('playback-status').textContent = t; });
    this.exportId = null;
    this.liveStarted = false;
    this.canPlay = true;
  }

  on(id, event, handler) {
    const el = $(id);
    el.addEventListener(event, handler);
    this.listeners.push(() => el.removeEventListener(event, handler));
  }

  start() {
    $('camera-name').textContent = this.name;
    $('codec-note').hidden = true;
    $('export-link').hidden = true;
    $('export-progress').hidden = true;
    $('export-status').textContent = '';
    $('gap-list').replaceChildren();
    $('record-toggle').hidden = this.session.role !== 'operator';
    this.timeline = new Timeline($('timeline'), {
      load: (from, to, resolution) => api.get(`/api/v1/recordings/${seg(this.name)}/timeline?from=${iso(from)}`
        + `&to=${iso(to)}&resolution=${resolution}`).then((t) => { this.showTotals(t); return t; }),
      play: (ms) => this.playAt(ms),
      select: (from, to) => {
        $('sel-from').value = iso(Math.round(from / 1000) * 1000);
        $('sel-to').value = iso(Math.round(to / 1000) * 1000);
      },
      hover: (text) => { $('timeline-info').textContent = text || HINT; },
      viewChanged: (from, to) => { $('timeline-range').textContent = `${local(from, false)} – ${local(to, false)}`; },
    });
    const zooms = { 'zoom-hour': 3600e3, 'zoom-day': 86400e3, 'zoom-week': 7 * 86400e3, 'zoom-month': 30 * 86400e3 };
    for (const [id, span] of Object.entries(zooms)) {
      this.on(id, 'click', () => this.timeline.showLast(span));
    }
    this.on('zoom-in', 'click', () => this.timeline.zoom(0.5));
    this.on('zoom-out', 'click', () => this.timeline.zoom(2));
    this.on('pan-back', 'click', () => this.timeline.pan(-0.5));
    this.on('pan-forward', 'click', () => this.timeline.pan(0.5));
    this.on('pan-now', 'click', () => this.timeline.showLast(this.timeline.to - this.timeline.from));
    this.on('record-toggle', 'click', () => this.toggleRecording());
    this.on('play-selection', 'click', () => {
      const from = parseTime($('sel-from').value);
      if (Number.isFinite(from)) {
        this.playAt(from);
      }
    });
    this.on('export-form', 'submit', (e) => { e.preventDefault(); this.exportSelection(); });
    const syncSelection = () => {
      const from = parseTime($('sel-from').value);
      const to = parseTime($('sel-to').value);
      if (Number.isFinite(from) && Number.isFinite(to)) {
        this.timeline.setSelection(from, to);
      }
    };
    this.on('sel-from', 'change', syncSelection);
    this.on('sel-to', 'change', syncSelection);
    this.on('playback-video', 'timeupdate', () => this.showPlaybackTime());
    this.timeline.showLast(86400e3);
    this.refresh();
    this.timers.push(setInterval(() => this.refresh(), STATUS_MS));
    this.timers.push(setInterval(() => this.timeline.reload(), TIMELINE_MS));
  }

  stop() {
    this.timers.forEach(clearInterval);
    this.listeners.forEach((off) => off());
    this.timeline.destroy();
    this.live.destroy();
    this.playback.destroy();
  }

  async refresh() {
    let d;
    try {
      d = await api.get(`/api/v1/devices/${seg(this.name)}`);
    } catch (e) {
      $('camera-reason').textContent = e.message;
      return;
    }
    this.device = d;
    $('camera-state').textContent = d.state;
    $('camera-state').className = `state ${d.state}`;
    $('camera-view').dataset.state = d.state;
    $('camera-reason').textContent = [reasonOf(d), frameAge(d)].filter((s) => s).join(' · ');
    $('record-toggle').textContent = d.recording ? 'Record off' : 'Record on';
    // a camera another replica records is switched on that replica (its status names it)
    $('record-toggle').hidden = this.session.role !== 'operator' || Boolean(d.replicaUrl);
    // the restream's own address when the status carries it, else the default port on this page's host
    const rtsp = (d.restream && d.restream.url) || `rtsp://${location.hostname}:8554/${seg(this.name)}`;
    $('rtsp-link').textContent = rtsp;
    $('rtsp-link').href = rtsp;
    if (isHevc(d) && !hevcSupported()) {
      this.canPlay = false;
      const note = $('codec-note');
      note.hidden = false;
      note.textContent = 'This camera sends H.265, which this browser cannot decode. Watch it in VLC at '
        + `${rtsp}, or select a range on the timeline and download it as MP4.`;
      return;
    }
    if (!this.liveStarted && d.state === 'RECORDING') {
      this.liveStarted = true;
      this.live.load(`/api/v1/live/${seg(this.name)}/index.m3u8`);
    } else if (this.liveStarted && d.state !== 'RECORDING') {
      this.liveStarted = false;
      this.live.destroy();
    }
  }

  async toggleRecording() {
    const button = $('record-toggle');
    button.disabled = true;
    if (this.device && this.device.recording) {
      this.live.destroy(); // the live stream ends with the camera session; restarted when it records again
      this.liveStarted = false;
    }
    try {
      const d = await setRecording(this.name, !(this.device && this.device.recording));
      this.device = d;
      button.textContent = d.recording ? 'Record off' : 'Record on';
      $('camera-state').textContent = d.state;
      setTimeout(() => this.timeline.reload(), 500);
    } catch (e) {
      $('camera-reason').textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  showTotals(t) {
    $('timeline-totals').textContent = `${t.segments} file${t.segments === 1 ? '' : 's'}, `
      + `${duration(t.recordedSeconds)} recorded, ${t.totalGaps} gap${t.totalGaps === 1 ? '' : 's'} in view`
      + ` (shown at ${duration(t.resolutionSeconds)} per pixel)`;
    const list = $('gap-list');
    list.replaceChildren(...t.gaps.slice(0, MAX_GAPS_LISTED).map((g) => {
      const li = document.createElement('li');
      li.dataset.reason = g.reason;
      li.dataset.from = g.from;
      li.dataset.to = g.to;
      li.textContent = `${local(Date.parse(g.from))} – ${g.open ? 'now' : local(Date.parse(g.to))}: ${g.reason}`
        + `${g.detail ? ` (${g.detail})` : ''}, ${duration((Date.parse(g.to) - Date.parse(g.from)) / 1000)}`;
      return li;
    }));
  }

  /** Plays the recording from wall-clock {@code ms}: a seek when the loaded playlist holds it, else a new one. */
  playAt(ms) {
    this.timeline.setPlayhead(ms);
    if (!this.canPlay) {
      $('playback-status').textContent = 'H.265: download the range to watch it';
      return;
    }
    $('playback-video').dataset.requested = String(Math.round(ms));
    if (this.playback.seekToWall(ms)) {
      return;
    }
    const to = Math.min(ms + PLAYBACK_WINDOW_MS, Date.now());
    if (to <= ms) {
      $('playback-status').textContent = 'that moment is still to come';
      return;
    }
    $('playback-status').textContent = `from ${local(ms)}`;
    this.playback.load(`/api/v1/recordings/${seg(this.name)}/index.m3u8?from=${iso(Math.floor(ms))}`
      + `&to=${iso(Math.ceil(to))}`, ms);
  }

  showPlaybackTime() {
    const wall = this.playback.wallClock();
    if (Number.isFinite(wall)) {
      $('playback-time').textContent = local(wall);
      $('playback-video').dataset.wallclock = String(Math.round(wall));
      this.timeline.setPlayhead(wall);
    }
  }

  async exportSelection() {
    const from = parseTime($('sel-from').value);
    const to = parseTime($('sel-to').value);
    const status = $('export-status');
    const link = $('export-link');
    link.hidden = true;
    if (!(Number.isFinite(from) && Number.isFinite(to) && from < to)) {
      status.textContent = 'Select a range first: Shift+drag on the timeline, or type both times.';
      return;
    }
    if (this.exportId) {
      api.del(`/api/v1/exports/${this.exportId}`).catch(() => {});
    }
    const progress = $('export-progress');
    progress.hidden = false;
    progress.value = 0;
    let job;
    try {
      job = await api.post('/api/v1/exports', { device: this.name, from: iso(from), to: iso(to), format: 'mp4' });
    } catch (e) {
      progress.hidden = true;
      status.textContent = e.message;
      return;
    }
    this.exportId = job.id;
    const deadline = Date.now() + 6 * 3600 * 1000;
    while (this.exportId === job.id && Date.now() < deadline) {
      status.textContent = `${job.state}: ${bytes(job.bytes)}, ${duration(job.mediaSeconds)} of `
        + `${duration(job.totalSeconds)}`;
      progress.value = job.totalSeconds > 0 ? job.mediaSeconds / job.totalSeconds : 0;
      if (job.state === 'done') {
        link.href = job.fileUrl;
        link.download = job.fileName;
        link.textContent = `Save ${job.fileName} (${bytes(job.bytes)})`;
        link.hidden = false;
        status.textContent = 'ready';
        return;
      }
      if (job.state === 'failed' || job.state === 'cancelled') {
        status.textContent = `export ${job.state}: ${job.error || ''}`;
        progress.hidden = true;
        return;
      }
      await new Promise((r) => setTimeout(r, EXPORT_POLL_MS));
      try {
        job = await api.get(`/api/v1/exports/${job.id}`);
      } catch (e) {
        status.textContent = e.message;
        return;
      }
    }
  }
}
