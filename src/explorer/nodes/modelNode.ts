// One model version: status icon, a human status with the F1 score, state in the context value.
import * as vscode from 'vscode';
import type { ModelMetadata } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import type { ModelRef } from '../refs';
import { modelStatusText } from '../statusText';
import { isModelBusy, modelContextValue, modelIcon } from './modelState';
import type { ModelsGroup } from './modelsGroup';
import type { ProjectNode } from './projectNode';
import { detailTooltip, spoken } from './tooltip';

export class ModelNode implements ExplorerNode, ModelRef {
  readonly modelVersion: string;
  readonly modelArn: string | undefined;

  constructor(
    readonly parent: ModelsGroup,
    readonly metadata: ModelMetadata,
  ) {
    this.modelVersion = metadata.ModelVersion ?? '';
    this.modelArn = metadata.ModelArn;
  }

  get id(): string {
    return `${this.project.id}/model/${this.modelVersion}`;
  }

  get project(): ProjectNode {
    return this.parent.project;
  }

  get projectName(): string {
    return this.project.projectName;
  }

  get busy(): boolean {
    return isModelBusy(this.metadata.Status);
  }

  getTreeItem(): vscode.TreeItem {
    const { Status, StatusMessage, Performance, Description } = this.metadata;
    const label = `Model ${this.modelVersion}`;
    const item = new vscode.TreeItem(label);
    item.id = this.id;
    const status = modelStatusText(this.metadata);
    item.description = status;
    item.tooltip = detailTooltip(`${label} of ${this.projectName}`, [
      ['Description', Description],
      ['Status', Status],
      ['Message', StatusMessage],
      ['F1 score', Performance?.F1Score?.toFixed(3)],
      ['Precision', Performance?.Precision?.toFixed(3)],
      ['Recall', Performance?.Recall?.toFixed(3)],
    ]);
    item.accessibilityInformation = { label: spoken(label, status) };
    item.iconPath = modelIcon(Status);
    item.contextValue = modelContextValue(Status);
    return item;
  }
}
