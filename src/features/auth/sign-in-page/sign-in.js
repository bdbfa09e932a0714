// Reads the log-in token from the URL fragment (never sent to the server in the URL) and
// exchanges it for a session cookie.
const status = document.getElementById('status');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);
if (!token) {
  status.textContent = 'This link is incomplete. Ask for a new log-in link.';
} else {
  fetch('/api/auth/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
    .then(async (res) => {
      if (res.ok) {
        status.textContent = 'You are signed in.';
        location.replace('/');
      } else {
        const body = await res.json().catch(() => ({}));
        status.textContent = body.message || 'Signing in failed. Ask for a new log-in link.';
      }
    })
    .catch(() => {
      status.textContent = 'No connection to Quartet. Check your network and open the link again.';
    });
}
