'use strict';
// Argon dashboard sign-in: POST /api/login {password} -> 200 + session cookie, then back to '/'.
(() => {
  const form = document.getElementById('login-form');
  const input = document.getElementById('password');
  const button = document.getElementById('login');
  const errorLine = document.getElementById('login-error');
  let busy = false;

  function showError(text) {
    errorLine.textContent = text;
    errorLine.hidden = !text;
  }

  async function errorMessage(res) {
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    const err = body && typeof body === 'object' ? body.error : null;
    if (err && typeof err.message === 'string' && err.message) return err.message;
    if (res.status === 401) return 'wrong password';
    if (res.status === 429) {
      const after = res.headers.get('Retry-After');
      return after ? `too many attempts; try again in ${after} s` : 'too many attempts; try again later';
    }
    return `sign-in failed (HTTP ${res.status})`;
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const password = input.value;
    if (!password) {
      showError('enter the password');
      input.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    showError('');
    try {
      const res = await fetch('/api/login', {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ password }),
      });
      if (res.ok) {
        location.replace('/');
        return;
      }
      showError(await errorMessage(res));
      input.select();
    } catch (e) {
      showError('cannot reach the server');
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  showError('');
  form.addEventListener('submit', submit);
})();
