// Greengrass V2 component recipe rules (recipe reference, format 2020-01-25), checked on a parsed recipe whatever
// its source (JSON or YAML): the engine checks what it writes, and the tests check both files it wrote.

const TOP_KEYS = new Set([
  'RecipeFormatVersion',
  'ComponentName',
  'ComponentVersion',
  'ComponentDescription',
  'ComponentPublisher',
  'ComponentType',
  'ComponentSource',
  'ComponentConfiguration',
  'ComponentDependencies',
  'Manifests',
  'Lifecycle',
]);
const LIFECYCLE_STEPS = new Set(['Setenv', 'Install', 'Startup', 'Run', 'Shutdown', 'Recover', 'Bootstrap']);
const STEP_KEYS = new Set(['Script', 'RequiresPrivilege', 'Timeout', 'Setenv', 'Skipif']);
const PERMISSIONS = new Set(['NONE', 'OWNER', 'ALL']);
const OSES = new Set(['linux', 'windows', 'darwin', '*']);
const ARCHITECTURES = new Set(['amd64', 'x86', 'arm', 'aarch64', '*']);
const NAME = /^[a-zA-Z0-9\-_.]{1,128}$/;
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** Recipe variables a component may use about itself. */
const VARIABLE = /\{([^{}]*)\}/g;
const OWN_VARIABLE =
  /^(artifacts:(path|decompressedPath)|configuration:\/.+|work:path|kernel:rootPath|iot:thingName)$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON pointer lookup in the default configuration ({configuration:/a/b}). */
function configured(config: Record<string, unknown>, pointer: string): boolean {
  let at: unknown = config;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (!isObject(at) || !(part in at)) return false;
    at = at[part];
  }
  return true;
}

function checkScript(
  script: string,
  where: string,
  config: Record<string, unknown>,
  problems: string[],
): void {
  for (const [, variable] of script.matchAll(VARIABLE)) {
    if (!OWN_VARIABLE.test(variable)) problems.push(`${where} uses an unknown recipe variable {${variable}}`);
    else if (
      variable.startsWith('configuration:/') &&
      !configured(config, variable.slice('configuration:'.length))
    )
      problems.push(`${where} uses {${variable}}, which DefaultConfiguration does not define`);
  }
}

function checkLifecycle(
  lifecycle: unknown,
  where: string,
  config: Record<string, unknown>,
  problems: string[],
): void {
  if (!isObject(lifecycle)) return void problems.push(`${where} must be an object`);
  for (const [step, value] of Object.entries(lifecycle)) {
    if (!LIFECYCLE_STEPS.has(step)) problems.push(`${where}.${step} is not a lifecycle step`);
    else if (step === 'Setenv') {
      if (!isObject(value)) problems.push(`${where}.Setenv must map variable names to values`);
    } else if (typeof value === 'string') checkScript(value, `${where}.${step}`, config, problems);
    else if (isObject(value)) {
      for (const key of Object.keys(value))
        if (!STEP_KEYS.has(key)) problems.push(`${where}.${step}.${key} is not a lifecycle step field`);
      if (typeof value.Script !== 'string') problems.push(`${where}.${step}.Script must be a string`);
      else checkScript(value.Script, `${where}.${step}.Script`, config, problems);
      if (value.RequiresPrivilege !== undefined && typeof value.RequiresPrivilege !== 'boolean')
        problems.push(`${where}.${step}.RequiresPrivilege must be a boolean`);
    } else problems.push(`${where}.${step} must be a script or an object with a Script`);
  }
  if ('Run' in lifecycle && 'Startup' in lifecycle)
    problems.push(`${where} cannot have both Run and Startup`);
}

function checkArtifact(artifact: unknown, where: string, problems: string[]): void {
  if (!isObject(artifact)) return void problems.push(`${where} must be an object`);
  if (
    typeof artifact.Uri !== 'string' ||
    !/^(s3:\/\/[a-z0-9.-]{3,63}\/.+|greengrass:.+|docker:.+)$/.test(artifact.Uri)
  )
    problems.push(`${where}.Uri must be an s3://bucket/key, greengrass: or docker: URI`);
  if (artifact.Unarchive !== undefined && artifact.Unarchive !== 'NONE' && artifact.Unarchive !== 'ZIP')
    problems.push(`${where}.Unarchive must be NONE or ZIP`);
  if (artifact.Permission !== undefined) {
    if (!isObject(artifact.Permission)) problems.push(`${where}.Permission must be an object`);
    else
      for (const [key, value] of Object.entries(artifact.Permission)) {
        if (key !== 'Read' && key !== 'Execute')
          problems.push(`${where}.Permission.${key} is not a permission`);
        else if (!PERMISSIONS.has(value as string))
          problems.push(`${where}.Permission.${key} must be NONE, OWNER or ALL`);
      }
  }
}

/** Every broken rule, as a message naming its place in the recipe; empty when the recipe is valid. */
export function recipeProblems(recipe: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(recipe)) return ['The recipe must be an object'];
  for (const key of Object.keys(recipe))
    if (!TOP_KEYS.has(key)) problems.push(`${key} is not a recipe field`);
  if (recipe.RecipeFormatVersion !== '2020-01-25') problems.push('RecipeFormatVersion must be 2020-01-25');
  if (typeof recipe.ComponentName !== 'string' || !NAME.test(recipe.ComponentName))
    problems.push('ComponentName must be 1-128 letters, digits, "-", "_" or "."');
  else if (/^aws\.greengrass\./i.test(recipe.ComponentName))
    problems.push('ComponentName cannot start with aws.greengrass. (reserved for AWS components)');
  if (typeof recipe.ComponentVersion !== 'string' || !VERSION.test(recipe.ComponentVersion))
    problems.push('ComponentVersion must be a semantic version (major.minor.patch)');
  for (const key of ['ComponentDescription', 'ComponentPublisher'])
    if (recipe[key] !== undefined && typeof recipe[key] !== 'string')
      problems.push(`${key} must be a string`);
  let config: Record<string, unknown> = {};
  if (recipe.ComponentConfiguration !== undefined) {
    const c = recipe.ComponentConfiguration;
    if (!isObject(c) || !isObject(c.DefaultConfiguration))
      problems.push('ComponentConfiguration.DefaultConfiguration must be an object');
    else config = c.DefaultConfiguration;
  }
  if (!Array.isArray(recipe.Manifests) || recipe.Manifests.length === 0)
    return [...problems, 'Manifests must list at least one platform'];
  recipe.Manifests.forEach((manifest: unknown, i) => {
    const where = `Manifests[${i}]`;
    if (!isObject(manifest)) return void problems.push(`${where} must be an object`);
    const platform = manifest.Platform;
    if (!isObject(platform) || !OSES.has(platform.os as string))
      problems.push(`${where}.Platform.os must be linux, windows, darwin or *`);
    else if (platform.architecture !== undefined && !ARCHITECTURES.has(platform.architecture as string))
      problems.push(`${where}.Platform.architecture must be amd64, x86, arm, aarch64 or *`);
    if (manifest.Lifecycle !== undefined)
      checkLifecycle(manifest.Lifecycle, `${where}.Lifecycle`, config, problems);
    if (manifest.Artifacts !== undefined) {
      if (!Array.isArray(manifest.Artifacts)) problems.push(`${where}.Artifacts must be a list`);
      else
        manifest.Artifacts.forEach((a: unknown, j) => checkArtifact(a, `${where}.Artifacts[${j}]`, problems));
    }
  });
  return problems;
}
