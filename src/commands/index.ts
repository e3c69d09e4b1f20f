// Every command of the extension: one registration line each.
import type * as vscode from 'vscode';
import { anything, optional, strings, withArguments } from './arguments';
import { confirmOptions } from './confirm';
import { selectConnection } from './connection/select';
import type { CommandContext } from './context';
import { addDatasetEntries } from './dataset/addEntries';
import { createEmptyDataset, createEmptyOptions } from './dataset/createEmpty';
import { createDatasetFromFolder } from './dataset/createFromFolder';
import { createFromSourceOptions } from './dataset/createFromSource';
import { createDatasetFromManifest } from './dataset/createFromManifest';
import { deleteDataset } from './dataset/delete';
import { exportDataset } from './dataset/export';
import { openDataset } from './dataset/open';
import { detectImageOptions } from './detect/agentTarget';
import { detectAnomaliesInFolder } from './detect/folder';
import { detectOptions } from './detect/hostedModel';
import { detectAnomaliesInImage } from './detect/image';
import { showEngineLog } from './engine/showLog';
import { startEngine } from './engine/start';
import { stopEngine } from './engine/stop';
import { clearFilter } from './explorer/clearFilter';
import { filterProjects } from './explorer/filter';
import { loadMore } from './explorer/loadMore';
import { refresh } from './explorer/refresh';
import { retry } from './explorer/retry';
import { deleteModel } from './model/delete';
import { showModelMetrics } from './model/showMetrics';
import { startModel, startOptions } from './model/start';
import { stopModel } from './model/stop';
import { trainModel, trainOptions } from './model/train';
import { downloadComponent } from './packaging/download';
import { runComponentLocally } from './packaging/runLocally';
import { packagingOptions, startModelPackagingJob } from './packaging/start';
import { createProject, createProjectOptions } from './project/create';
import { deleteProject } from './project/delete';
import { registerCommand, type Handler } from './register';
import { addTag, tagArgument } from './tags/add';
import { listTags, listTagsOptions } from './tags/list';
import { removeTags } from './tags/remove';

const handlers: Record<string, Handler> = {
  'lookoutVision.selectConnection': selectConnection,
  'lookoutVision.engine.start': startEngine,
  'lookoutVision.engine.stop': stopEngine,
  'lookoutVision.engine.showLog': showEngineLog,
  'lookoutVision.refresh': refresh,
  'lookoutVision.retry': retry,
  'lookoutVision.loadMore': loadMore,
  'lookoutVision.filter': filterProjects,
  'lookoutVision.clearFilter': clearFilter,
  'lookoutVision.project.create': withArguments(createProject, createProjectOptions),
  'lookoutVision.project.delete': withArguments(deleteProject, confirmOptions),
  'lookoutVision.dataset.createFromFolder': withArguments(
    createDatasetFromFolder,
    anything,
    createFromSourceOptions,
  ),
  'lookoutVision.dataset.createFromManifest': withArguments(
    createDatasetFromManifest,
    anything,
    createFromSourceOptions,
  ),
  'lookoutVision.dataset.createEmpty': withArguments(createEmptyDataset, createEmptyOptions),
  'lookoutVision.dataset.addEntries': withArguments(addDatasetEntries, anything),
  'lookoutVision.dataset.export': withArguments(exportDataset, anything),
  'lookoutVision.dataset.open': openDataset,
  'lookoutVision.dataset.delete': withArguments(deleteDataset, confirmOptions),
  'lookoutVision.model.train': withArguments(trainModel, trainOptions),
  'lookoutVision.model.start': withArguments(startModel, startOptions),
  'lookoutVision.model.stop': stopModel,
  'lookoutVision.model.delete': withArguments(deleteModel, confirmOptions),
  'lookoutVision.model.showMetrics': showModelMetrics,
  'lookoutVision.packaging.start': withArguments(startModelPackagingJob, packagingOptions),
  'lookoutVision.packaging.download': downloadComponent,
  'lookoutVision.packaging.runLocally': runComponentLocally,
  'lookoutVision.tags.list': withArguments(listTags, listTagsOptions),
  'lookoutVision.tags.add': withArguments(addTag, optional(tagArgument)),
  'lookoutVision.tags.remove': withArguments(removeTags, optional(strings), confirmOptions),
  'lookoutVision.detect.image': withArguments(detectAnomaliesInImage, detectImageOptions),
  'lookoutVision.detect.folder': withArguments(detectAnomaliesInFolder, detectOptions),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => registerCommand(ctx, id, handler));
}
