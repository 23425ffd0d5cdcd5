// Switchboard — sending a file as a raw request body with a progress bar
// (firmware images run to hundreds of megabytes).
import { h } from './dom.js';
import { ApiError, get } from '../api.js';

export async function uploadFile(method, url, file, { type = 'application/octet-stream', onProgress } = {}) {
  const csrf = (await get('/api/v1/session')).csrf_token;
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(method, url);
    x.setRequestHeader('Content-Type', type);
    x.setRequestHeader('X-CSRF-Token', csrf);
    x.setRequestHeader('Accept', 'application/json');
    x.upload.onprogress = (e) => { if (onProgress && e.lengthComputable) onProgress(e.loaded, e.total); };
    x.onload = () => {
      let body = null;
      try { body = x.responseText ? JSON.parse(x.responseText) : null; } catch (_) { body = null; }
      if (x.status >= 200 && x.status < 300) resolve(body); else reject(new ApiError(x.status, body));
    };
    x.onerror = () => reject(new ApiError(0, { error: { message: 'The upload broke off.' } }));
    x.send(file);
  });
}

export function progressBar(label) {
  const bar = h('progress', { max: 100, value: 0, 'aria-label': label });
  const text = h('span', { class: 'hint' });
  return {
    el: h('div', { class: 'upload-progress' }, bar, ' ', text),
    set(done, total) { bar.value = Math.round((done / total) * 100); text.textContent = `${Math.round(done / 1048576)} of ${Math.round(total / 1048576)} MiB`; },
  };
}
