// Runs the scoring job CLI and records its peak resident memory, for the benchmark: Node gives
// no way to read a child's rusage, so the child writes its own on exit.
import { writeFileSync } from 'node:fs';

const rssFile = process.env.BENCH_RSS_FILE;
if (rssFile) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(rssFile, String(process.resourceUsage().maxRSS));
  });
}

await import('../job/score.ts');
