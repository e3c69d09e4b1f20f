// Model status → the context value menus match on, and the icon. Menus use the context value so a
// model only offers actions valid in its state (start when trained, stop and detect when hosted...).
import * as vscode from 'vscode';

export type ModelState = 'training' | 'trained' | 'hosted' | 'trainingFailed' | 'hostingFailed' | 'busy';

export function modelState(status: string | undefined): ModelState {
  switch (status) {
    case 'TRAINING':
      return 'training';
    case 'TRAINED':
      return 'trained';
    case 'HOSTED':
      return 'hosted';
    case 'TRAINING_FAILED':
      return 'trainingFailed';
    case 'HOSTING_FAILED':
      return 'hostingFailed';
    default:
      return 'busy';
  }
}

export function modelContextValue(status: string | undefined): string {
  return `model.${modelState(status)}`;
}

export function isModelBusy(status: string | undefined): boolean {
  const state = modelState(status);
  return state === 'training' || state === 'busy';
}

export function modelIcon(status: string | undefined): vscode.ThemeIcon {
  switch (modelState(status)) {
    case 'training':
    case 'busy':
      return new vscode.ThemeIcon('loading~spin');
    case 'trained':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'hosted':
      return new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'));
    case 'trainingFailed':
    case 'hostingFailed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  }
}
