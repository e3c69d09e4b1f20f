// The layout of a packaged component: one ZIP artifact that Greengrass unpacks into
// {artifacts:decompressedPath}/<archive name without .zip>/, read by the edge agent inside it.

export const ARCHIVE_NAME = 'lookoutvision-component.zip';
export const ARCHIVE_FOLDER = ARCHIVE_NAME.replace(/\.zip$/, '');
export const AGENT_FILE = 'edge-agent.js';
export const PROTO_FILE = 'edge-agent.proto';
/** The trained model's files (model.json …), as the engine stores them. */
export const MODEL_FOLDER = 'model';
export const ONNX_FILE = 'model.onnx';
/** Threshold, input scaling, labels and post-processing of the ONNX model. */
export const ONNX_METADATA_FILE = 'model.onnx.json';
export const COMPONENT_FILE = 'component.json';
export const RECIPE_JSON = 'recipe.json';
export const RECIPE_YAML = 'recipe.yaml';
/** The objects a packaging job writes, each under its componentKey(). */
export const COMPONENT_OBJECTS = [ARCHIVE_NAME, RECIPE_JSON, RECIPE_YAML] as const;
export type ComponentObject = (typeof COMPONENT_OBJECTS)[number];
/** The Edge Agent's usual socket (GUIDE §8). */
export const DEFAULT_SOCKET = '/tmp/aws.iot.lookoutvision.EdgeAgent.sock';

/** What the agent needs to know about the component it serves. */
export interface ComponentInfo {
  ComponentName: string;
  ComponentVersion: string;
  /** The Lookout for Vision model the component was packaged from. */
  ModelArn: string;
}

/** The S3 key of a component file: <prefix>/<component name>/<component version>/<file>. */
export function componentKey(
  prefix: string | undefined,
  name: string,
  version: string,
  file: string,
): string {
  const tail = `${name}/${version}/${file}`;
  return !prefix ? tail : prefix.endsWith('/') ? prefix + tail : `${prefix}/${tail}`;
}
