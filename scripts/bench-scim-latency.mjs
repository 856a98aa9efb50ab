// Sequential latency of one SCIM GET with a bearer secret: node bench-scim-latency.mjs <url> <secret> [n]
// Prints p50/p90/p99 over n requests after 20 warm-up requests (see docs/benchmarks.md).
const [url, secret, n] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 200)];
const times = [];
for (let i = 0; i < n + 20; i++) {
  const t = process.hrtime.bigint();
  const r = await fetch(url, { headers: { Authorization: `Bearer ${secret}` } });
  await r.text();
  if (r.status !== 200) throw new Error(`status ${r.status}`);
  if (i >= 20) times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const p = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(1);
console.log(`n=${n} p50=${p(0.5)} ms p90=${p(0.9)} ms p99=${p(0.99)} ms`);
