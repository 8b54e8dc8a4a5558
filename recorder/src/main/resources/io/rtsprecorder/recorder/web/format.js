// Times and sizes as people read them. The API speaks ISO-8601 UTC; the page shows local time.

export function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function local(ms, withSeconds = true) {
  const d = new Date(ms);
  const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  if (withSeconds) {
    options.second = '2-digit';
  }
  return d.toLocaleString(undefined, options);
}

export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  }
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function bytes(n) {
  if (n < 1024) {
    return `${n} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Parses an ISO time typed by a person; NaN when it is not one. */
export function parseTime(text) {
  const t = Date.parse(text.trim());
  return Number.isFinite(t) ? t : NaN;
}
