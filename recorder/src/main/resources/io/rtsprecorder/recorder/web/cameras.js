// The camera list: state, why it is not recording, how old its last frame is, a small muted live preview, and
// record on/off for operators.

import { api, seg } from './api.js';
import { duration } from './format.js';
import { Player, hevcSupported } from './player.js';

const REFRESH_MS = 2000;
const PREVIEWS = 6; // live previews at once; more cameras show theirs on demand

/** Why a camera is not recording, in words, or ''. */
export function reasonOf(d) {
  if (d.gap && d.gap.reason) {
    return d.gap.reason + (d.gap.detail ? `: ${d.gap.detail}` : '');
  }
  return d.failure || d.stall || '';
}

export function isHevc(d) {
  return (d.reception || []).some((t) => /h265|hevc/i.test(t.codec));
}

export function frameAge(d) {
  return d.lastFrameAt ? `last frame ${duration((Date.now() - Date.parse(d.lastFrameAt)) / 1000)} ago` : '';
}

/** Switches recording of camera {@code name}; operators only (the server refuses viewers anyway). */
export async function setRecording(name, on) {
  return api.patch(`/api/v1/devices/${seg(name)}`, { recording: on });
}

export class CameraList {
  constructor(session) {
    this.session = session;
    this.cards = new Map();
    this.timer = null;
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  stop() {
    clearInterval(this.timer);
    for (const c of this.cards.values()) {
      this.stopPreview(c);
    }
    this.cards.clear();
    document.getElementById('camera-list').replaceChildren();
  }

  async refresh() {
    let devices;
    try {
      devices = (await api.get('/api/v1/devices')).devices;
    } catch (e) {
      document.getElementById('no-cameras').hidden = false;
      document.getElementById('no-cameras').textContent = e.message;
      return;
    }
    document.getElementById('no-cameras').hidden = devices.length > 0;
    const list = document.getElementById('camera-list');
    devices.forEach((d, i) => {
      let card = this.cards.get(d.name);
      if (!card) {
        card = this.card(d, i < PREVIEWS);
        this.cards.set(d.name, card);
        list.append(card.root);
      }
      this.update(card, d);
    });
  }

  card(d, preview) {
    const root = document.createElement('article');
    root.className = 'camera-card';
    root.dataset.camera = d.name;
    const title = document.createElement('div');
    title.className = 'title';
    const link = document.createElement('a');
    link.href = `#/camera/${seg(d.name)}`;
    link.textContent = d.name;
    const state = document.createElement('span');
    state.className = 'state';
    title.append(link, state);
    const reason = document.createElement('div');
    reason.className = 'reason';
    const age = document.createElement('div');
    age.className = 'hint age';
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.className = 'preview';
    const actions = document.createElement('div');
    actions.className = 'actions';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'record-toggle operator-only';
    toggle.hidden = this.session.role !== 'operator';
    const note = document.createElement('span');
    note.className = 'hint';
    actions.append(toggle, note);
    root.append(title, reason, age, video, actions);
    const card = { root, state, reason, age, video, toggle, note, player: null, recording: false, preview };
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      if (card.recording) {
        this.stopPreview(card); // the live stream ends with the camera session; restarted when it records again
      }
      try {
        this.update(card, await setRecording(d.name, !card.recording));
        note.textContent = '';
      } catch (e) {
        note.textContent = e.message;
      } finally {
        toggle.disabled = false;
      }
    });
    video.addEventListener('click', () => this.startPreview(card, d));
    return card;
  }

  stopPreview(card) {
    if (card.player) {
      card.player.destroy();
      card.player = null;
    }
  }

  startPreview(card, d) {
    if (card.player || (isHevc(d) && !hevcSupported())) {
      return;
    }
    card.player = new Player(card.video, true, (text) => { card.note.textContent = text; });
    card.player.load(`/api/v1/live/${seg(d.name)}/index.m3u8`);
  }

  update(card, d) {
    card.recording = d.recording;
    card.state.textContent = d.state;
    card.state.className = `state ${d.state}`;
    card.root.dataset.state = d.state;
    card.reason.textContent = reasonOf(d);
    card.age.textContent = frameAge(d);
    card.toggle.textContent = d.recording ? 'Record off' : 'Record on';
    // a camera another replica records (listed with its replica): switched there, so no button here
    card.toggle.hidden = this.session.role !== 'operator' || Boolean(d.replicaUrl);
    if (d.replicaUrl) {
      card.age.textContent = [frameAge(d), `on ${d.replica}`].filter((s) => s).join(' · ');
    }
    if (isHevc(d) && !hevcSupported()) {
      card.note.textContent = 'H.265: this browser cannot show it';
    } else if (card.preview && d.state === 'RECORDING' && !card.player) {
      this.startPreview(card, d);
    } else if (d.state !== 'RECORDING') {
      this.stopPreview(card);
    }
  }
}
