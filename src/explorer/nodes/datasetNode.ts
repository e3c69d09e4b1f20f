// One dataset: type, a human status with image counts and whether they meet the training minimums, the raw
// status, counts and what training would lack in the tooltip.
import * as vscode from 'vscode';
import type { DatasetDescription } from '@aws-sdk/client-lookoutvision';
import { datasetClassCounts, datasetRole, readiness, type Readiness } from '../../client/datasetReadiness';
import type { ExplorerNode } from '../node';
import type { DatasetRef } from '../refs';
import { TOO_FEW_TO_TRAIN, datasetIsReady, datasetStatusText, imageCounts } from '../statusText';
import type { DatasetsGroup } from './datasetsGroup';
import type { ProjectNode } from './projectNode';
import { detailTooltip, spoken } from './tooltip';

export class DatasetNode implements ExplorerNode, DatasetRef {
  readonly datasetType: string;

  constructor(
    readonly parent: DatasetsGroup,
    readonly description: DatasetDescription,
    /** Against the training minimums; undefined while the dataset is not ready. */
    readonly readiness?: Readiness,
  ) {
    this.datasetType = description.DatasetType ?? 'train';
  }

  get id(): string {
    return datasetRowId(this.project, this.datasetType);
  }

  get project(): ProjectNode {
    return this.parent.project;
  }

  get projectName(): string {
    return this.project.projectName;
  }

  get busy(): boolean {
    return (this.description.Status ?? '').endsWith('_IN_PROGRESS');
  }

  getTreeItem(): vscode.TreeItem {
    const { Status, StatusMessage, ImageStats: stats } = this.description;
    const item = new vscode.TreeItem(this.datasetType);
    item.id = this.id;
    const short = this.readiness?.met === false ? this.readiness : undefined;
    const status = datasetStatusText(this.description, !short);
    item.description = status;
    item.tooltip = detailTooltip(`${this.datasetType} dataset of ${this.projectName}`, [
      ['Status', Status],
      ['Message', StatusMessage],
      ['Images', stats?.Total],
      ['Normal', stats?.Normal],
      ['Anomalous', stats?.Anomaly],
      ['Labeled', stats?.Labeled],
      ['Training', short && `too few images: ${short.sentence}`],
    ]);
    const name = `${this.datasetType} dataset`;
    item.accessibilityInformation = {
      label: datasetIsReady(this.description)
        ? spoken(
            name,
            'ready',
            imageCounts(this.description),
            short && `${TOO_FEW_TO_TRAIN}: ${short.sentence}`,
          )
        : spoken(name, status),
    };
    item.iconPath = this.busy
      ? new vscode.ThemeIcon('loading~spin')
      : (Status ?? '').includes('FAILED')
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : short
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'))
          : new vscode.ThemeIcon(this.datasetType === 'test' ? 'beaker' : 'library');
    item.contextValue = 'dataset';
    return item;
  }
}

function datasetRowId(project: ProjectNode, datasetType: string): string {
  return `${project.id}/dataset/${datasetType}`;
}

/** Per dataset row id: the readiness of the dataset's last update, so refreshes in between read no entries. */
const readinessOf = new Map<string, { version: string; readiness: Promise<Readiness> }>();

/**
 * The readiness of a ready dataset with images (undefined for others), computed once per dataset update and
 * only when its row is loaded; entries are read only for a dataset with anomalous images, and pages go on only
 * while they hold masks.
 */
export function datasetReadiness(
  project: ProjectNode,
  description: DatasetDescription,
  projectHasTestDataset: boolean,
): Promise<Readiness> | undefined {
  // "no images" says all there is to say about an empty dataset.
  if (!datasetIsReady(description) || !description.ImageStats?.Total) return undefined;
  const datasetType = description.DatasetType ?? 'train';
  const rowId = datasetRowId(project, datasetType);
  const role = datasetRole(datasetType, projectHasTestDataset);
  // Timestamps have whole seconds: the counts tell apart two updates within one.
  const stats = description.ImageStats;
  const version = [
    description.LastUpdatedTimestamp?.getTime(),
    description.Status,
    stats.Total,
    stats.Normal,
    stats.Anomaly,
    role,
  ].join('/');
  const known = readinessOf.get(rowId);
  if (known?.version === version) return known.readiness;
  const computed = (async () => {
    const { lookout } = await project.context.clients();
    return readiness(await datasetClassCounts(lookout, project.projectName, description), role);
  })();
  readinessOf.set(rowId, { version, readiness: computed });
  // A failed read is tried again with the next refresh.
  computed.catch(() => readinessOf.get(rowId)?.readiness === computed && readinessOf.delete(rowId));
  return computed;
}
