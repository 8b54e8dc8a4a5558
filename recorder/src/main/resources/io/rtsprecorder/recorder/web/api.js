// The service's API as the page uses it: same origin, the session cookie sent by the browser, and the CSRF token
// (kept only in memory) on every request that changes something.

let csrfToken = null;

/** An API error: the HTTP status and the service's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.message) || `${method} ${path}: ${response.status}`);
  }
  return data;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body === undefined ? {} : body),
  patch: (path, body) => call('PATCH', path, body),
  del: (path) => call('DELETE', path),

  /** Who the page is: {loggedIn, role, open}; never a 401, so a page without a session logs no error. */
  async session() {
    const s = await call('GET', '/api/v1/session/cookie');
    csrfToken = s.csrfToken || null;
    return s;
  },

  async login(token) {
    const s = await call('POST', '/api/v1/session', { token });
    csrfToken = s.csrfToken;
    return s;
  },

  async logout() {
    csrfToken = null;
    await call('DELETE', '/api/v1/session');
  },
};

/** A path segment, escaped. */
export function seg(s) {
  return encodeURIComponent(s);
}
