// Polls the JSON API and shows the uptime; the sample only needs to be a realistic, compressible script.
async function refresh() {
  const response = await fetch('/api/status');
  const status = await response.json();
  document.getElementById('uptime').textContent = status.uptimeMs + ' ms';
}
setInterval(refresh, 1000);
refresh();
