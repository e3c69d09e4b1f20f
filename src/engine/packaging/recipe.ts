// The Greengrass V2 recipe of a packaged model: one ZIP artifact (agent, proto, model, image decoder) and a Run
// lifecycle that starts the agent with the socket path, TCP port and model name of the component's configuration,
// so a deployment that overrides them moves the socket or renames the model.
import { stringify } from 'yaml';
import { AGENT_FILE, ARCHIVE_FOLDER, DEFAULT_SOCKET } from './layout';

export interface RecipeArtifact {
  Uri: string;
  Unarchive?: 'NONE' | 'ZIP';
  Permission?: { Read?: 'NONE' | 'OWNER' | 'ALL'; Execute?: 'NONE' | 'OWNER' | 'ALL' };
}

export type LifecycleStep = string | { Script: string; RequiresPrivilege?: boolean; Timeout?: number };

export interface RecipeManifest {
  Platform: { os: string; architecture?: string };
  Lifecycle: Record<string, LifecycleStep | Record<string, string>>;
  Artifacts: RecipeArtifact[];
}

export interface Recipe {
  RecipeFormatVersion: '2020-01-25';
  ComponentName: string;
  ComponentVersion: string;
  ComponentDescription?: string;
  ComponentPublisher?: string;
  ComponentConfiguration?: { DefaultConfiguration: Record<string, unknown> };
  Manifests: RecipeManifest[];
}

export interface RecipeOptions {
  componentName: string;
  componentVersion: string;
  description: string;
  /** Greengrass's name of the target architecture (amd64, aarch64). */
  architecture: string;
  archiveUri: string;
  /** Kept in the configuration for reference (the service's recipes carried them too). */
  project: string;
  modelVersion: string;
  compilerOptions: string;
}

/** `node` runs the agent: Greengrass makes artifacts read-only and not executable. */
const RUN =
  `node {artifacts:decompressedPath}/${ARCHIVE_FOLDER}/${AGENT_FILE}` +
  ' --socket {configuration:/SocketPath} --port {configuration:/TcpPort} --model-component {configuration:/ModelName}';

export function componentRecipe(o: RecipeOptions): Recipe {
  return {
    RecipeFormatVersion: '2020-01-25',
    ComponentName: o.componentName,
    ComponentVersion: o.componentVersion,
    ComponentDescription: o.description,
    ComponentPublisher: 'Lookout for Vision local engine',
    ComponentConfiguration: {
      DefaultConfiguration: {
        SocketPath: DEFAULT_SOCKET,
        // 0: no TCP listener; a port serves the same API on 127.0.0.1.
        TcpPort: 0,
        ModelName: o.componentName,
        ProjectName: o.project,
        ModelVersion: o.modelVersion,
        CompilerOptions: o.compilerOptions,
      },
    },
    Manifests: [
      {
        Platform: { os: 'linux', architecture: o.architecture },
        Lifecycle: { Run: { Script: RUN, RequiresPrivilege: false } },
        Artifacts: [{ Uri: o.archiveUri, Unarchive: 'ZIP', Permission: { Read: 'OWNER' } }],
      },
    ],
  };
}

export const recipeJson = (recipe: Recipe): string => `${JSON.stringify(recipe, null, 2)}\n`;
export const recipeYaml = (recipe: Recipe): string => stringify(recipe);
