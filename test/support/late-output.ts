// Scripts for a process whose output reaches its pipe only after it has exited: the race between a child's 'exit'
// and the last of its output, made certain instead of left to chance.

/**
 * Source of a Node script that exits at once with `exitCode` while a process it leaves behind on the same `stream`
 * writes `text` and a newline 300 ms later.
 */
export function exitsBeforeWriting(stream: 'stdout' | 'stderr', text: string, exitCode = 0): string {
  const stdio = stream === 'stdout' ? ['ignore', 'inherit', 'ignore'] : ['ignore', 'ignore', 'inherit'];
  const writer = `setTimeout(() => process.${stream}.write(process.argv[1] + '\\n'), 300)`;
  return `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(writer)}, ${JSON.stringify(text)}], { stdio: ${JSON.stringify(stdio)} }).unref();
process.exitCode = ${exitCode};
`;
}
