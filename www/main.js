// @ts-check
// Starts the page: the checker in a module worker, the example from this site, and the service
// worker that keeps the page working offline after one visit.
import { start } from './app.js';

start({
  makeWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }),
  loadExample: async () => {
    const res = await fetch(new URL('./example.txt', import.meta.url));
    if (!res.ok) throw new Error(`示例载入失败（${res.status}）`);
    return res.text();
  },
});

if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch((err) => console.warn('service worker', err));
}
