// HLS playback through hls.js (loaded by the page as the global Hls), or the browser's own HLS (Safari).
// Recorded playlists carry EXT-X-PROGRAM-DATE-TIME, so a position in the video maps to a wall-clock time and back.

/** Whether this browser decodes H.265 in fragmented MP4 (most do not without hardware support). */
export function hevcSupported() {
  return typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"');
}

function hlsAvailable() {
  return typeof Hls !== 'undefined' && Hls.isSupported();
}

export class Player {
  /**
   * @param video   the <video> element
   * @param live    whether this plays the live edge (low-latency settings) or a recorded range
   * @param onState called with a short text for people ("playing", "buffering", an error)
   */
  constructor(video, live, onState) {
    this.video = video;
    this.live = live;
    this.onState = onState || (() => {});
    this.hls = null;
    this.fragments = [];
    this.url = null;
  }

  /** Loads {@code url}; for a recorded range, starts at wall-clock {@code startMs} once the playlist is read. */
  load(url, startMs) {
    this.destroy();
    this.url = url;
    this.fragments = [];
    let seeked = false;
    if (hlsAvailable()) {
      // a recorded playlist starts at the GOP holding the chosen moment; it has no ENDLIST while it reaches into
      // the file being written, and must still start at its beginning, not at its live edge
      const hls = new Hls(this.live
        ? { lowLatencyMode: true, liveSyncDurationCount: 2, backBufferLength: 30 }
        : { backBufferLength: 120, maxBufferLength: 30, startPosition: 0 });
      this.hls = hls;
      hls.on(Hls.Events.LEVEL_LOADED, (event, data) => {
        this.fragments = data.details.fragments || [];
      });
      const refine = () => {
        if (seeked || startMs === undefined || this.hls !== hls) {
          return;
        }
        seeked = true;
        const at = this.positionOf(startMs);
        if (at !== null && Math.abs(at - this.video.currentTime) > 0.3) {
          this.video.currentTime = at; // from the GOP's keyframe to the moment itself
        }
      };
      this.video.addEventListener('playing', refine, { once: true });
      hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) {
          this.onState(data.response && data.response.code === 404 ? 'nothing to play here'
            : `cannot play: ${data.details}`);
          this.destroy();
        }
      });
      hls.loadSource(url);
      hls.attachMedia(this.video);
    } else if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.video.src = url;
    } else {
      this.onState('this browser cannot play HLS');
      return;
    }
    this.play();
  }

  play() {
    const p = this.video.play();
    if (p && p.catch) {
      p.catch(() => this.onState('press play to start'));
    }
  }

  /** The wall-clock time (ms) at the playing position, or NaN. */
  wallClock() {
    if (this.hls && this.hls.playingDate) {
      return this.hls.playingDate.getTime();
    }
    const frag = this.fragmentAt(this.video.currentTime);
    if (frag) {
      return frag.programDateTime + (this.video.currentTime - frag.start) * 1000;
    }
    if (this.video.getStartDate && !Number.isNaN(this.video.getStartDate().getTime())) {
      return this.video.getStartDate().getTime() + this.video.currentTime * 1000;
    }
    return NaN;
  }

  fragmentAt(seconds) {
    for (const f of this.fragments) {
      if (f.programDateTime && seconds >= f.start && seconds < f.start + f.duration) {
        return f;
      }
    }
    return null;
  }

  /** The position (s) in the loaded playlist of wall-clock {@code ms}, or null when the playlist does not hold it. */
  positionOf(ms) {
    for (const f of this.fragments) {
      if (f.programDateTime && ms >= f.programDateTime && ms < f.programDateTime + f.duration * 1000) {
        return f.start + (ms - f.programDateTime) / 1000;
      }
    }
    return null;
  }

  /** Seeks to wall-clock {@code ms} inside the loaded range; false when it is not in it. */
  seekToWall(ms) {
    const at = this.positionOf(ms);
    if (at === null) {
      return false;
    }
    this.video.currentTime = at;
    this.play();
    return true;
  }

  destroy() {
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    this.video.removeAttribute('src');
    this.video.load();
  }
}
