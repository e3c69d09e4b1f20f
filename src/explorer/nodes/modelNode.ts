// One model version: status icon, F1 score in the description, state in the context value.
import * as vscode from 'vscode';
import type { ModelMetadata } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import type { ModelRef } from '../refs';
import { isModelBusy, modelContextValue, modelIcon } from './modelState';
import type { ModelsGroup } from './modelsGroup';
import type { ProjectNode } from './projectNode';

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
    const item = new vscode.TreeItem(`Model ${this.modelVersion}`);
    item.id = `${this.project.id}/model/${this.modelVersion}`;
    const f1 = Performance?.F1Score;
    item.description = [Status, f1 === undefined ? undefined : `F1 ${f1.toFixed(3)}`]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [Description, Status, StatusMessage, Performance && formatPerformance(Performance)]
      .filter(Boolean)
      .join('\n');
    item.iconPath = modelIcon(Status);
    item.contextValue = modelContextValue(Status);
    return item;
  }
}

function formatPerformance(p: NonNullable<ModelMetadata['Performance']>): string {
  return `F1 ${p.F1Score?.toFixed(3)} · precision ${p.Precision?.toFixed(3)} · recall ${p.Recall?.toFixed(3)}`;
}
