// The page: log in, then the camera list (#/) or one camera (#/camera/NAME). Views are plain DOM sections in
// index.html; this module shows one at a time and hands it the session.

import { api } from './api.js';
import { CameraList } from './cameras.js';
import { CameraPage } from './camera.js';

const views = ['login-view', 'cameras-view', 'camera-view'];
const session = { role: null, open: false };
let current = null;

function show(id) {
  for (const v of views) {
    document.getElementById(v).hidden = v !== id;
  }
}

function showWho() {
  const who = document.getElementById('who');
  who.textContent = session.role ? `${session.role}${session.open ? ' (API open: APIAuth=none)' : ''}` : '';
  who.dataset.role = session.role || '';
  document.getElementById('logout').hidden = !session.role || session.open;
}

function route() {
  if (current) {
    current.stop();
    current = null;
  }
  if (!session.role) {
    show('login-view');
    document.getElementById('token').focus();
    return;
  }
  const m = location.hash.match(/^#\/camera\/(.+)$/);
  if (m) {
    show('camera-view');
    current = new CameraPage(decodeURIComponent(m[1]), session);
  } else {
    show('cameras-view');
    current = new CameraList(session);
  }
  current.start();
}

async function start() {
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const field = document.getElementById('token');
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const s = await api.login(field.value);
      field.value = '';
      session.role = s.role;
      showWho();
      route();
    } catch (err) {
      field.value = '';
      error.textContent = err.status === 401 ? 'That token is not valid.' : err.message;
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    if (current) {
      current.stop(); // nothing may ask the API while the session closes: its answer would be a 401
      current = null;
    }
    await api.logout();
    session.role = null;
    showWho();
    route();
  });
  window.addEventListener('hashchange', route);
  try {
    const s = await api.session();
    session.role = s.loggedIn ? s.role : null;
    session.open = s.open;
  } catch (err) {
    document.getElementById('notice').hidden = false;
    document.getElementById('notice').textContent = `The service does not answer: ${err.message}`;
  }
  showWho();
  route();
  document.body.dataset.ready = 'true';
}

start();
