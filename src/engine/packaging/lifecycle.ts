// Runs a recipe's lifecycle the way a Greengrass nucleus would on this machine: recipe variables substituted from
// the artifacts folder and the (default or overridden) configuration.
import type { Recipe } from './recipe';

/** The Run script of the first Linux manifest with recipe variables replaced, split into program and arguments. */
export function runCommand(
  recipe: Recipe,
  decompressedPath: string,
  configuration: Record<string, unknown> = {},
): { program: string; args: string[] } {
  const manifest = recipe.Manifests.find((m) => m.Platform.os === 'linux' || m.Platform.os === '*');
  const run = manifest?.Lifecycle.Run as string | { Script: string } | undefined;
  const script = typeof run === 'string' ? run : run?.Script;
  if (!script) throw new Error(`The recipe of ${recipe.ComponentName} has no Linux Run lifecycle.`);
  const config = { ...recipe.ComponentConfiguration?.DefaultConfiguration, ...configuration };
  // Substituted per argument, so a value with spaces stays one argument.
  const tokens = script.split(/\s+/).filter(Boolean);
  const args = tokens.map((token) =>
    token.replace(
      /\{(artifacts:decompressedPath|configuration:\/([^}]+))\}/g,
      (_, variable: string, key?: string) => {
        if (variable === 'artifacts:decompressedPath') return decompressedPath;
        if (!(key! in config))
          throw new Error(`The recipe uses {configuration:/${key}}, which is not configured.`);
        return String(config[key!]);
      },
    ),
  );
  return { program: args[0], args: args.slice(1) };
}
