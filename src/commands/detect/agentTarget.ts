// Detect Anomalies on a local edge agent (Run Component Locally) instead of a hosted model: the image file is
// decoded to the RGB bitmap the Edge Agent takes, and the answer shown like the service's.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import { readImageFile } from '../../client/imageFile';
import { DetectionPanel } from '../../panels/detectionPanel';
import type { ModelRef } from '../../explorer/refs';
import { fields } from '../arguments';
import type { CommandContext } from '../context';
import { localAgents, type LocalAgent } from '../packaging/localAgents';
import { required } from '../register';
import { modelRef } from './hostedModel';

/** A programmatic caller names the agent by its socket path. */
export interface AgentTargetRef {
  agentSocket: string;
}

const isAgentTargetRef = (v: unknown): v is AgentTargetRef =>
  typeof (v as Partial<AgentTargetRef> | undefined)?.agentSocket === 'string';

/** model: a model (as Detect Anomalies in Folder takes it) or a local agent, { agentSocket }. */
export const detectImageOptions = fields({
  model: (v, name): ModelRef | AgentTargetRef => (isAgentTargetRef(v) ? v : modelRef(v, name)),
});

/** The running agent to detect with: the one named, else (when agents run) the one the user picks or undefined. */
export async function chooseAgent(
  given: ModelRef | AgentTargetRef | undefined,
): Promise<LocalAgent | undefined> {
  const agents = localAgents();
  if (isAgentTargetRef(given)) {
    const agent = agents.find((a) => a.agent.socket === given.agentSocket);
    if (!agent) throw new Error(`No edge agent started here listens on ${given.agentSocket}.`);
    return agent;
  }
  if (given !== undefined || agents.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    [
      ...agents.map((a) => ({
        label: `$(vm-running) ${a.agent.modelComponent}`,
        description: 'edge agent',
        agent: a,
      })),
      { label: '$(cloud) A hosted model…', agent: undefined },
    ],
    { title: 'Detect anomalies with', placeHolder: 'A local edge agent or a hosted model' },
  );
  return required(picked).agent;
}

export async function detectWithAgent(
  ctx: CommandContext,
  local: LocalAgent,
  path: string,
): Promise<DetectAnomalyResult> {
  const { bytes, contentType } = await readImageFile(path);
  const name = local.agent.modelComponent;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Detecting anomalies in ${basename(path)}` },
    async (): Promise<DetectAnomalyResult> => {
      const { data, info } = await sharp(bytes)
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const found = await local.client.detectAnomalies(name, {
        width: info.width,
        height: info.height,
        byte_data: data,
      });
      const mask = found.anomaly_mask?.byte_data;
      return {
        IsAnomalous: found.is_anomalous,
        Confidence: found.confidence,
        Anomalies: found.anomalies.length
          ? found.anomalies.map((a) => ({
              Name: a.name,
              PixelAnomaly: {
                TotalPercentageArea: a.pixel_anomaly.total_percentage_area,
                Color: a.pixel_anomaly.hex_color,
              },
            }))
          : undefined,
        AnomalyMask: mask?.length
          ? await sharp(mask, {
              raw: { width: found.anomaly_mask!.width, height: found.anomaly_mask!.height, channels: 3 },
            })
              .png()
              .toBuffer()
          : undefined,
      };
    },
  );
  ctx.log.info(
    `${path}: ${result.IsAnomalous ? 'anomaly' : 'normal'} (confidence ${result.Confidence}) — edge agent ${name}`,
  );
  DetectionPanel.show(ctx.extension.extensionUri, ctx.panels, {
    imageName: basename(path),
    imageBytes: bytes,
    contentType,
    model: `${name} · edge agent`,
    result,
  });
  return result;
}
