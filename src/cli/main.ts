// Entry point of the `lookout-vision` command: one subcommand per module.
import { runEngineCommand } from './engine';
import { runLintCommand } from './lint';

const commands: Record<string, (args: string[]) => Promise<number>> = {
  engine: runEngineCommand,
  lint: runLintCommand,
};

function usage(): string {
  return `usage: lookout-vision <${Object.keys(commands).join('|')}> [options]\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    process.stderr.write(usage());
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
