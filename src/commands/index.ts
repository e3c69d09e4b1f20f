// Every command of the extension: one registration line each.
import type * as vscode from 'vscode';
import { selectConnection } from './connection/select';
import type { CommandContext } from './context';
import { addDatasetEntries } from './dataset/addEntries';
import { createEmptyDataset } from './dataset/createEmpty';
import { createDatasetFromFolder } from './dataset/createFromFolder';
import { createDatasetFromManifest } from './dataset/createFromManifest';
import { deleteDataset } from './dataset/delete';
import { exportDataset } from './dataset/export';
import { openDataset } from './dataset/open';
import { detectAnomaliesInFolder } from './detect/folder';
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
import { startModel } from './model/start';
import { stopModel } from './model/stop';
import { trainModel } from './model/train';
import { downloadComponent } from './packaging/download';
import { runComponentLocally } from './packaging/runLocally';
import { startModelPackagingJob } from './packaging/start';
import { createProject } from './project/create';
import { deleteProject } from './project/delete';
import { registerCommand, type Handler } from './register';
import { addTag } from './tags/add';
import { listTags } from './tags/list';
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
  'lookoutVision.project.create': createProject as Handler,
  'lookoutVision.project.delete': deleteProject,
  'lookoutVision.dataset.createFromFolder': createDatasetFromFolder,
  'lookoutVision.dataset.createFromManifest': createDatasetFromManifest,
  'lookoutVision.dataset.createEmpty': createEmptyDataset,
  'lookoutVision.dataset.addEntries': addDatasetEntries,
  'lookoutVision.dataset.export': exportDataset,
  'lookoutVision.dataset.open': openDataset,
  'lookoutVision.dataset.delete': deleteDataset,
  'lookoutVision.model.train': trainModel as Handler,
  'lookoutVision.model.start': startModel as Handler,
  'lookoutVision.model.stop': stopModel,
  'lookoutVision.model.delete': deleteModel,
  'lookoutVision.model.showMetrics': showModelMetrics,
  'lookoutVision.packaging.start': startModelPackagingJob as Handler,
  'lookoutVision.packaging.download': downloadComponent,
  'lookoutVision.packaging.runLocally': runComponentLocally,
  'lookoutVision.tags.list': listTags as Handler,
  'lookoutVision.tags.add': addTag as Handler,
  'lookoutVision.tags.remove': removeTags as Handler,
  'lookoutVision.detect.image': detectAnomaliesInImage as Handler,
  'lookoutVision.detect.folder': detectAnomaliesInFolder as Handler,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => registerCommand(ctx, id, handler));
}
