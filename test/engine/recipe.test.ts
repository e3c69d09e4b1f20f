// The component recipe against Greengrass's recipe rules, as JSON and as YAML, and the rules themselves on recipes
// that break them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runCommand } from '../../src/engine/packaging/lifecycle';
import { componentRecipe, recipeJson, recipeYaml } from '../../src/engine/packaging/recipe';
import { recipeProblems } from '../../src/engine/packaging/recipe-rules';

const recipe = componentRecipe({
  componentName: 'widgets-model',
  componentVersion: '2.0.1',
  description: 'Widget inspection',
  architecture: 'aarch64',
  archiveUri: 's3://bucket-a/components/widgets-model/2.0.1/lookoutvision-component.zip',
  project: 'widgets',
  modelVersion: '2',
  compilerOptions: '',
});

test('the recipe is valid in JSON and in YAML, and both say the same', () => {
  const fromJson = JSON.parse(recipeJson(recipe)) as unknown;
  const fromYaml = parse(recipeYaml(recipe)) as unknown;
  assert.deepEqual(recipeProblems(fromJson), []);
  assert.deepEqual(recipeProblems(fromYaml), []);
  assert.deepEqual(fromYaml, fromJson);
  assert.equal(recipe.Manifests[0].Artifacts[0].Unarchive, 'ZIP');
  assert.deepEqual(recipe.Manifests[0].Platform, { os: 'linux', architecture: 'aarch64' });
});

test('the Run lifecycle starts the agent with node and the configured socket, port and model name', () => {
  assert.deepEqual(runCommand(recipe, '/gg/artifacts-unarchived/widgets-model/2.0.1'), {
    program: 'node',
    args: [
      '/gg/artifacts-unarchived/widgets-model/2.0.1/lookoutvision-component/edge-agent.js',
      '--socket',
      '/tmp/aws.iot.lookoutvision.EdgeAgent.sock',
      '--port',
      '0',
      '--model-component',
      'widgets-model',
    ],
  });
  // A deployment's configuration overrides move the socket and rename the model.
  const moved = runCommand(recipe, '/a', { SocketPath: '/run/lv agent.sock', ModelName: 'line-3' }).args;
  assert.equal(moved[2], '/run/lv agent.sock');
  assert.equal(moved[6], 'line-3');
});

test('a recipe that breaks the rules gets one message per broken rule', () => {
  const broken = JSON.parse(recipeJson(recipe)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  broken.RecipeFormatVersion = '2021-01-01';
  broken.ComponentName = 'aws.greengrass.Nucleus';
  broken.ComponentVersion = '2.0';
  broken.Colour = 'blue';
  const manifest = broken.Manifests[0];
  manifest.Platform.os = 'plan9';
  manifest.Lifecycle.Startup = 'echo';
  manifest.Lifecycle.Run.Script += ' --x {configuration:/Missing} {secret:token}';
  manifest.Artifacts[0].Uri = 'https://example.com/a.zip';
  manifest.Artifacts[0].Unarchive = 'TAR';
  manifest.Artifacts[0].Permission.Read = 'EVERYONE';
  assert.deepEqual(recipeProblems(broken), [
    'Colour is not a recipe field',
    'RecipeFormatVersion must be 2020-01-25',
    'ComponentName cannot start with aws.greengrass. (reserved for AWS components)',
    'ComponentVersion must be a semantic version (major.minor.patch)',
    'Manifests[0].Platform.os must be linux, windows, darwin or *',
    'Manifests[0].Lifecycle.Run.Script uses {configuration:/Missing}, which DefaultConfiguration does not define',
    'Manifests[0].Lifecycle.Run.Script uses an unknown recipe variable {secret:token}',
    'Manifests[0].Lifecycle cannot have both Run and Startup',
    'Manifests[0].Artifacts[0].Uri must be an s3://bucket/key, greengrass: or docker: URI',
    'Manifests[0].Artifacts[0].Unarchive must be NONE or ZIP',
    'Manifests[0].Artifacts[0].Permission.Read must be NONE, OWNER or ALL',
  ]);
  assert.deepEqual(
    recipeProblems({ ...recipe, Manifests: [] }).at(-1),
    'Manifests must list at least one platform',
  );
});
